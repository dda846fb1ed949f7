using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;

namespace Gateway.HostileInputTests.Edge;

/// <summary>
/// Class 1: methods spelled so that a route for one method misses while the upstream reads them as it. Standard
/// methods in any case but upper are refused (400 invalid_request) before routing; other tokens are routed and sent as
/// written, which the invariant holds whatever the gateway chooses; method-override headers never arrive.
/// </summary>
public sealed class MethodSpellingFamily(EdgeCredentials credentials) : IEdgeFamily
{
    public const string FamilyName = "method-spelling";

    private static readonly string[] Standard = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"];

    /// <summary>Tokens that are no standard method but sit next to one: extended, cut, joined, or with tchar punctuation.</summary>
    private static readonly string[] OtherTokens =
        ["PURGE", "PROPFIND", "M-SEARCH", "DELETEX", "DELET", "XDELETE", "DELETE_", "DELETE!", "DEL.ETE", "GETS", "FOO", "purge", "Purge", "deletex", "x"];

    /// <summary>Bytes that are not a token: Kestrel refuses them on the wire, the gateway in an event.</summary>
    private static readonly string[] NotTokens = ["DE(LETE", "DELETE/", "DÉLETE", "DELETE\u0130", "DEL\u017FETE"];

    public string Name => FamilyName;

    public IEnumerable<EdgeCase> Generate(CorpusSettings settings)
    {
        var random = settings.RandomFor(Name);
        var ids = new CaseIds(Name);
        var admin = ProtectedTarget.All[0];
        var item = ProtectedTarget.All[1];
        return Spelled(ids, random, settings, admin, item).Concat(Others(ids, admin, item)).Concat(Overrides(ids));
    }

    private IEnumerable<EdgeCase> Spelled(CaseIds ids, Random random, CorpusSettings settings, ProtectedTarget admin, ProtectedTarget item)
    {
        foreach (var method in Standard)
        {
            // Upper case is the control: a token gets through, no token gets nothing. HEAD, TRACE and CONNECT have
            // host-specific framing, so the invariant alone judges them.
            var plain = method is "HEAD" or "TRACE" or "CONNECT";
            foreach (var credential in new[] { EdgeCredential.None, credentials.Valid })
            {
                yield return EdgeCase.Of(ids, $"{method} {admin.Path}", admin.Request(admin.Path) with { Method = method }, credential,
                    plain ? Expect.Invariant : admin.Answer(credential));
            }
            foreach (var (label, spelling) in Spellings.Case(method, random, settings.Sample(2)))
            {
                foreach (var target in new[] { admin, item })
                {
                    yield return EdgeCase.Of(ids, $"{spelling} ({label}) {target.Path}", target.Request(target.Path) with { Method = spelling },
                        EdgeCredential.None, Expect.InvalidRequest);
                }
            }
        }
        foreach (var credential in new[] { EdgeCredential.None, credentials.Expired, credentials.Valid })
        {
            yield return EdgeCase.Of(ids, $"DELETE {item.Path}", item.Request(item.Path), credential, item.Answer(credential));
        }
        yield return EdgeCase.Of(ids, $"GET {item.Path}", item.Request(item.Path) with { Method = "GET" }, EdgeCredential.None, EdgeExpect.Public(item.Path));
    }

    private static IEnumerable<EdgeCase> Others(CaseIds ids, ProtectedTarget admin, ProtectedTarget item)
    {
        foreach (var method in OtherTokens.Concat(NotTokens))
        {
            foreach (var target in new[] { admin, item })
            {
                yield return EdgeCase.Of(ids, $"{method} {target.Path}", target.Request(target.Path) with { Method = method }, EdgeCredential.None, Expect.Invariant);
            }
        }
    }

    /// <summary>A public request that names a protected method in an override header: it arrives without the header.</summary>
    private static IEnumerable<EdgeCase> Overrides(CaseIds ids)
    {
        const string path = "/items/42";
        foreach (var header in UpstreamReading.MethodOverrides)
        {
            foreach (var name in new[] { header, header.ToLowerInvariant(), header.Replace('-', '_') })
            {
                foreach (var (method, value) in new[] { ("POST", "DELETE"), ("POST", "delete"), ("GET", "DELETE"), ("PUT", "DELETE, GET") })
                {
                    var request = new HostileRequest { Method = method, Target = path, Headers = [KeyValuePair.Create(name, value)] };
                    yield return EdgeCase.Of(ids, $"{method} {path} {name}: {value}", request, EdgeCredential.None, EdgeExpect.Public(path));
                }
            }
        }
    }
}
