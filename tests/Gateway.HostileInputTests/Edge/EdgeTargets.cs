using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;

namespace Gateway.HostileInputTests.Edge;

/// <summary>
/// A request into a protected area of the edge gateway: its method, the route's literal segment, what follows it, and
/// the host it must name. Families respell it; a valid token must then be forwarded to <see cref="Forwarded"/>, and no
/// token (or a bad one) must never reach the upstream.
/// </summary>
public sealed record ProtectedTarget(string Name, string Method, string Literal, string Rest, string Host = CorpusGateway.DefaultHost)
{
    public static IReadOnlyList<ProtectedTarget> All { get; } =
    [
        new("admin", "GET", "admin", "/users"),
        new("delete-item", "DELETE", "items", "/42"),
        new("transformed", "GET", "transformed", "/x"),
        new("host-admin", "GET", "dash", "", CorpusGateway.AdminHost),
    ];

    public string Path => $"/{Literal}{Rest}";

    public HostileRequest Request(string path) => new() { Method = Method, Target = path, Host = Host };

    /// <summary>What a valid token must get: the canonical path, the caller's identity.</summary>
    public Expect Forwarded(EdgeCredential credential) => EdgeExpect.Forwarded(Path, credential.Identity);

    /// <summary>The answer a respelling of this target must get with <paramref name="credential"/> when the gateway reads it as this target.</summary>
    public Expect Answer(EdgeCredential credential) => credential.IsValid ? Forwarded(credential) : Expect.Unauthorized;
}

/// <summary>Exact expectations of the edge families.</summary>
public static class EdgeExpect
{
    /// <summary>Forwarded once to exactly <paramref name="canonicalPath"/> below the service, with exactly <paramref name="identity"/>.</summary>
    public static Expect Forwarded(string canonicalPath, IReadOnlyDictionary<string, string>? identity = null) =>
        new Expect.Forwarded(CorpusGateway.EdgePrefix + "/", CorpusGateway.EdgePrefix + canonicalPath, identity);

    /// <summary>A public target reached without a token.</summary>
    public static Expect Public(string path) => Forwarded(path);
}
