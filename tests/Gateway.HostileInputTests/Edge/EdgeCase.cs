using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Credentials;
using Gateway.HostileInputTests.Requests;

namespace Gateway.HostileInputTests.Edge;

/// <summary>A bearer token a case carries, and the identity headers the gateway must derive from it (null: it must not be accepted).</summary>
public sealed record EdgeCredential(string Label, string? Token, IReadOnlyDictionary<string, string>? Identity)
{
    public static EdgeCredential None { get; } = new("no token", null, null);

    public bool IsValid => Identity is not null;
}

/// <summary>The run's credentials: a valid token for the full caller, and an expired one signed with the same secret.</summary>
public sealed record EdgeCredentials(EdgeCredential Valid, EdgeCredential Expired)
{
    public static EdgeCredentials From(MintedTokens tokens) =>
        new(new EdgeCredential("valid token", tokens["hs256"], CredentialRoutes.Caller()), new EdgeCredential("expired token", tokens["expired"], null));
}

/// <summary>
/// One edge case: a request, the credential it carries, and what each host must answer (a null expectation: the case
/// does not apply to that host; <see cref="Expect.Held"/>: the edge invariant alone judges it). <see cref="Wire"/>
/// replaces the bytes rendered from <see cref="Request"/> where a case needs bytes a request record cannot express.
/// </summary>
public sealed record EdgeCase(string Id, HostileRequest Request, EdgeCredential Credential, Expect? Lambda, Expect? Kestrel, byte[]? Wire = null) : IHostileCase
{
    /// <summary>A case whose request carries <paramref name="credential"/>'s token, if any, as a bearer token.</summary>
    public static EdgeCase Of(CaseIds ids, string label, HostileRequest request, EdgeCredential credential, Expect? lambda, Expect? kestrel) =>
        new(ids.Next($"{label} ({credential.Label})"), credential.Token is null ? request : request with
        {
            Headers = [.. request.Headers, KeyValuePair.Create("Authorization", $"Bearer {credential.Token}")],
        }, credential, lambda, kestrel);

    /// <summary>The same expectation on both hosts.</summary>
    public static EdgeCase Of(CaseIds ids, string label, HostileRequest request, EdgeCredential credential, Expect expected) =>
        Of(ids, label, request, credential, expected, expected);
}

/// <summary>A family of edge cases, built from the run's credentials.</summary>
public interface IEdgeFamily : ICaseFamily<EdgeCase>;

/// <summary>The edge families: equivalent spellings of what the gateway decides on, and the headers it owns.</summary>
public static class EdgeFamilies
{
    public static IReadOnlyList<string> Names { get; } =
        [MethodSpellingFamily.FamilyName, PathEquivalenceFamily.FamilyName, HostEquivalenceFamily.FamilyName, ForwardingHeadersFamily.FamilyName, ConnectionListFamily.FamilyName];

    public static IEdgeFamily Create(string name, EdgeCredentials credentials) => name switch
    {
        MethodSpellingFamily.FamilyName => new MethodSpellingFamily(credentials),
        PathEquivalenceFamily.FamilyName => new PathEquivalenceFamily(credentials),
        HostEquivalenceFamily.FamilyName => new HostEquivalenceFamily(credentials),
        ForwardingHeadersFamily.FamilyName => new ForwardingHeadersFamily(credentials),
        ConnectionListFamily.FamilyName => new ConnectionListFamily(credentials),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such edge family"),
    };
}
