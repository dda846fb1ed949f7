using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;

namespace Gateway.HostileInputTests.Edge;

/// <summary>
/// Class 4: headers with which a client claims where a request came from or what it was (Forwarded, X-Forwarded-*,
/// X-Real-IP, X-Original-URL, X-Rewrite-URL, X-Original-Host, method overrides), in several spellings and repeated,
/// on a public route and on a protected one with a valid token: they never arrive, and the gateway's own
/// X-Forwarded-For/Proto/Host say what it saw. A body on GET or HEAD is refused.
/// </summary>
public sealed class ForwardingHeadersFamily(EdgeCredentials credentials) : IEdgeFamily
{
    public const string FamilyName = "forwarding-headers";

    private static readonly (string Name, string Value)[] Claims =
    [
        ("Forwarded", "for=6.6.6.6;host=admin.example.com;proto=https"), ("Forwarded", "for=\"[::1]\", for=6.6.6.6"),
        ("X-Forwarded-For", "6.6.6.6"), ("X-Forwarded-For", "127.0.0.1, 6.6.6.6"), ("X-Forwarded-Host", CorpusGateway.AdminHost),
        ("X-Forwarded-Proto", "gopher"), ("X-Forwarded-Port", "1"), ("X-Forwarded-Prefix", "/admin"), ("X-Forwarded-Server", "evil.test"),
        ("X-Forwarded-Scheme", "https"), ("X-Forwarded-Ssl", "on"), ("X-Forwarded-Uri", "/admin/users"), ("X-Forwarded-Path", "/admin/users"),
        ("X-Forwarded-Method", "DELETE"), ("X-Real-IP", "6.6.6.6"), ("X-Client-IP", "6.6.6.6"), ("True-Client-IP", "6.6.6.6"),
        ("X-Original-URL", "/admin/users"), ("X-Rewrite-URL", "/admin/users"), ("X-Original-Host", CorpusGateway.AdminHost),
        ("X-Host", CorpusGateway.AdminHost), ("X-Original-Method", "DELETE"), ("X-HTTP-Method-Override", "DELETE"), ("X-HTTP-Method", "DELETE"),
        ("X-Method-Override", "DELETE"),
    ];

    public string Name => FamilyName;

    public IEnumerable<EdgeCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        return Claimed(ids).Concat(All(ids)).Concat(Bodies(ids));
    }

    /// <summary>Each claim spelled as sent, lower case, upper case, with '_' for '-', and twice; on /items/42 (public) and /admin/users with a token.</summary>
    private IEnumerable<EdgeCase> Claimed(CaseIds ids)
    {
        var admin = ProtectedTarget.All[0];
        foreach (var (name, value) in Claims)
        {
            var spellings = new[] { name, name.ToLowerInvariant(), name.ToUpperInvariant(), name.Replace('-', '_') }.Distinct();
            foreach (var spelling in spellings)
            {
                var headers = new[] { KeyValuePair.Create(spelling, value) };
                yield return EdgeCase.Of(ids, $"{spelling}: {value} on /items/42", new HostileRequest { Target = "/items/42", Headers = headers }, EdgeCredential.None, EdgeExpect.Public("/items/42"));
                yield return EdgeCase.Of(ids, $"{spelling}: {value} on {admin.Path}", admin.Request(admin.Path) with { Headers = headers }, credentials.Valid, admin.Answer(credentials.Valid));
            }
            var twice = new[] { KeyValuePair.Create(name, value), KeyValuePair.Create(name, "7.7.7.7") };
            yield return EdgeCase.Of(ids, $"{name} twice on /items/42", new HostileRequest { Target = "/items/42", Headers = twice }, EdgeCredential.None, EdgeExpect.Public("/items/42"));
        }
    }

    /// <summary>Every claim at once, toward the host-bound route from a public Host and toward the public route.</summary>
    private IEnumerable<EdgeCase> All(CaseIds ids)
    {
        var headers = Claims.Select(c => KeyValuePair.Create(c.Name, c.Value)).ToArray();
        yield return EdgeCase.Of(ids, "every claim, /dash on a public Host", new HostileRequest { Target = "/dash", Host = "public.test", Headers = headers }, EdgeCredential.None, EdgeExpect.Public("/dash"));
        yield return EdgeCase.Of(ids, "every claim, POST /items/42", new HostileRequest { Method = "POST", Target = "/items/42", Headers = headers }, EdgeCredential.None, EdgeExpect.Public("/items/42"));
        var host = ProtectedTarget.All.Single(t => t.Name == "host-admin");
        yield return EdgeCase.Of(ids, "every claim, host-admin with a token", host.Request(host.Path) with { Headers = headers }, credentials.Valid, host.Answer(credentials.Valid));
    }

    /// <summary>GET and HEAD with a body are refused (400 invalid_request); POST and DELETE with one are forwarded.</summary>
    private static IEnumerable<EdgeCase> Bodies(CaseIds ids)
    {
        foreach (var body in new[] { "x", "{\"smuggled\":true}", "GET /admin/users HTTP/1.1\r\nHost: admin.example.com\r\n\r\n" })
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(body);
            yield return EdgeCase.Of(ids, $"GET with a body of {bytes.Length}", new HostileRequest { Target = "/items/42", Body = bytes }, EdgeCredential.None, Expect.InvalidRequest);
            yield return EdgeCase.Of(ids, $"HEAD with a body of {bytes.Length}", new HostileRequest { Method = "HEAD", Target = "/items/42", Body = bytes }, EdgeCredential.None,
                Expect.InvalidRequest, Expect.Invariant); // an answer to HEAD on the wire has no body to read the code from
            yield return EdgeCase.Of(ids, $"POST with a body of {bytes.Length}", new HostileRequest { Method = "POST", Target = "/items/42", Body = bytes }, EdgeCredential.None, EdgeExpect.Public("/items/42"));
        }
    }
}
