using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;

namespace Gateway.HostileInputTests.Edge;

/// <summary>
/// Class 10: Hosts that DNS, an IDNA-aware upstream or a URL parser read as the host of a protected route, beside a
/// public route on the same path. Case, a trailing dot and ports are the protected route; names with no single
/// reading are refused; Unicode spellings (full-width letters and dots), absolute-form targets whose authority is
/// not the Host (Kestrel) and repeated Hosts are refused or forwarded as the invariant allows.
/// </summary>
public sealed class HostEquivalenceFamily(EdgeCredentials credentials) : IEdgeFamily
{
    public const string FamilyName = "host-equivalence";

    private const string PublicHost = "public.test";

    public string Name => FamilyName;

    public IEnumerable<EdgeCase> Generate(CorpusSettings settings)
    {
        var random = settings.RandomFor(Name);
        var ids = new CaseIds(Name);
        return Equivalent(ids, random, settings).Concat(Invalid(ids)).Concat(Unicode(ids)).Concat(AbsoluteForm(ids)).Concat(Repeated(ids));
    }

    private static HostileRequest Dash(string? host) => new() { Target = "/dash", Host = host };

    private IEnumerable<EdgeCase> Equivalent(CaseIds ids, Random random, CorpusSettings settings)
    {
        var target = ProtectedTarget.All.Single(t => t.Name == "host-admin");
        var host = CorpusGateway.AdminHost;
        var spellings = Spellings.Case(host, random, settings.Sample(4)).Select(s => s.Text)
            .Concat([host, $"{host}.", $"{host.ToUpperInvariant()}.", $"{host}:80", $"{host}:443", $"{host}:8443", $"{host}.:8443", $"{host}:65535", $"{host}:0080"]);
        foreach (var spelling in spellings)
        {
            foreach (var credential in new[] { EdgeCredential.None, credentials.Valid })
            {
                yield return EdgeCase.Of(ids, $"Host {spelling}", Dash(spelling), credential, target.Answer(credential));
            }
        }
        yield return EdgeCase.Of(ids, $"Host {host}", Dash(host), credentials.Expired, Expect.Unauthorized);
        yield return EdgeCase.Of(ids, $"Host {PublicHost}", Dash(PublicHost), EdgeCredential.None, EdgeExpect.Public("/dash"));
        yield return EdgeCase.Of(ids, "Host admin.example.com.evil.test", Dash($"{host}.evil.test"), EdgeCredential.None, EdgeExpect.Public("/dash"));
    }

    /// <summary>Names with no single reading: 400 invalid_request from the gateway, or Kestrel's own 400.</summary>
    private static IEnumerable<EdgeCase> Invalid(CaseIds ids)
    {
        var host = CorpusGateway.AdminHost;
        foreach (var spelling in new[]
        {
            $"{host}..", $".{host}", "admin..example.com", $"{host}:", $"{host}:65536", $"{host}:+80", $"{host}:-1", $"{host}:8o", $"[{host}]",
            $"{host}%2e", "admin%2eexample.com", $"{host}:80:80", $"user@{host}", $"{host}\\", "admin.example.com/dash",
        })
        {
            yield return EdgeCase.Of(ids, $"Host '{spelling}'", Dash(spelling), EdgeCredential.None, Expect.InvalidRequest, Expect.Invariant);
        }
    }

    /// <summary>UTS #46 maps these to admin.example.com; the gateway must refuse them or read them so.</summary>
    private IEnumerable<EdgeCase> Unicode(CaseIds ids)
    {
        foreach (var spelling in new[]
        {
            "ａｄｍｉｎ.example.com", "ａdmin.example.com", "admin．example．com", "admin。example。com", "admin｡example｡com",
            "ＡＤＭＩＮ.ＥＸＡＭＰＬＥ.ＣＯＭ", "admin.example.com。", "ädmin.example.com", "admın.example.com", "ADMİN.example.com",
        })
        {
            foreach (var credential in new[] { EdgeCredential.None, credentials.Valid })
            {
                yield return EdgeCase.Of(ids, $"Host {spelling}", Dash(spelling), credential, Expect.Invariant);
            }
        }
    }

    /// <summary>On the wire only: an absolute-form target names an authority of its own, which the gateway must reconcile with the Host.</summary>
    private IEnumerable<EdgeCase> AbsoluteForm(CaseIds ids)
    {
        var host = CorpusGateway.AdminHost;
        var forms = new (string Target, string Host)[]
        {
            ($"http://{host}/dash", PublicHost), ($"http://{host}/dash", host), ($"http://{PublicHost}/dash", host),
            ($"http://{host.ToUpperInvariant()}./dash", PublicHost), ($"http://{host}:80/dash", PublicHost), ($"https://{host}/dash", PublicHost),
            ($"http://{PublicHost}@{host}/dash", PublicHost), ($"http://{host}/%64ash", PublicHost),
        };
        foreach (var (target, header) in forms)
        {
            foreach (var credential in new[] { EdgeCredential.None, credentials.Valid })
            {
                yield return EdgeCase.Of(ids, $"GET {target} Host {header}", new HostileRequest { Target = target, Host = header }, credential, null, Expect.Invariant);
            }
        }
    }

    /// <summary>Two Hosts: Kestrel refuses them; an event joins them with a comma, which is no host.</summary>
    private static IEnumerable<EdgeCase> Repeated(CaseIds ids)
    {
        var host = CorpusGateway.AdminHost;
        foreach (var (first, second) in new[] { (PublicHost, host), (host, PublicHost), (host, host) })
        {
            var request = Dash(first) with { Headers = [KeyValuePair.Create("host", second)] };
            yield return EdgeCase.Of(ids, $"Host {first} and {second}", request, EdgeCredential.None, Expect.InvalidRequest, new Expect.RefusedByServer(400));
        }
    }
}
