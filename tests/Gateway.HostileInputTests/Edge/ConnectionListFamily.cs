using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;
using Gateway.Identity;

namespace Gateway.HostileInputTests.Edge;

/// <summary>
/// Class 5: a client's Connection header naming what the gateway sets (identity headers, the transform's header,
/// X-Request-ID, X-Forwarded-*) or what it verified (Authorization), in several spellings, in lists, and in repeated
/// Connection headers. Listed names remove only the client's own headers: on the transformed route with a valid token
/// the identity headers and the transform's header all arrive, and so do the request id and forwarding headers.
/// </summary>
public sealed class ConnectionListFamily(EdgeCredentials credentials) : IEdgeFamily
{
    public const string FamilyName = "connection-lists";

    private static readonly string[] GatewaySet =
    [
        IdentityHeaders.UserId, IdentityHeaders.TenantId, IdentityHeaders.OrgId, IdentityHeaders.Plan, IdentityHeaders.Roles, IdentityHeaders.Scopes,
        CorpusGateway.TransformHeader, "X-Request-ID", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Authorization", "Host",
    ];

    public string Name => FamilyName;

    public IEnumerable<EdgeCase> Generate(CorpusSettings settings)
    {
        var random = settings.RandomFor(Name);
        var ids = new CaseIds(Name);
        var transformed = ProtectedTarget.All.Single(t => t.Name == "transformed");
        foreach (var (label, values) in Lists(random, settings))
        {
            var headers = values.Select(value => KeyValuePair.Create("Connection", value)).Append(KeyValuePair.Create("X-Client-Own", "1")).ToArray();
            // Authorization is the client's own header: listing it may drop the token (401), which the invariant allows.
            var dropsToken = values.Any(value => value.Contains("Authorization", StringComparison.OrdinalIgnoreCase));
            yield return EdgeCase.Of(ids, $"{label} on {transformed.Path}", transformed.Request(transformed.Path) with { Headers = headers },
                credentials.Valid, dropsToken ? Expect.Invariant : transformed.Answer(credentials.Valid));
            yield return EdgeCase.Of(ids, $"{label} on /items/42", new HostileRequest { Target = "/items/42", Headers = headers }, EdgeCredential.None, EdgeExpect.Public("/items/42"));
        }
    }

    private static IEnumerable<(string Label, string[] Values)> Lists(Random random, CorpusSettings settings)
    {
        foreach (var name in GatewaySet)
        {
            foreach (var spelling in new[] { name, name.ToLowerInvariant(), name.ToUpperInvariant(), name.Replace('-', '_'), $" {name} ", $"\t{name}" }.Distinct())
            {
                yield return ($"Connection: '{spelling}'", [spelling]);
            }
            yield return ($"Connection: keep-alive, {name}", [$"keep-alive, {name}"]);
            yield return ($"Connection: ,,{name},", [$",,{name},"]);
            yield return ($"Connection: Upgrade then {name} again", ["Upgrade", name]);
        }
        yield return ("Connection: every one", [string.Join(", ", GatewaySet)]);
        yield return ("one Connection per name", GatewaySet);
        for (var i = 0; i < settings.Sample(20); i++)
        {
            var drawn = GatewaySet.Where(_ => random.Next(3) == 0).Append("X-Client-Own").OrderBy(_ => random.Next()).ToArray();
            yield return ($"Connection: random list of {drawn.Length}", random.Next(2) == 0 ? [string.Join(",", drawn)] : drawn);
        }
    }
}
