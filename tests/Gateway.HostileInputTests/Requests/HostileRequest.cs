using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Requests;

/// <summary>
/// An HTTP request as a client would send it, before any host has parsed it: the target exactly as written (path and
/// query), the Host header apart, other headers in order and verbatim (a value may hold CR LF: on the wire that is
/// an injection attempt, in a Lambda event a value containing it).
/// </summary>
public sealed record HostileRequest
{
    public string Method { get; init; } = "GET";

    public string Target { get; init; } = "/api/items";

    /// <summary>The Host header; null sends none.</summary>
    public string? Host { get; init; } = CorpusGateway.DefaultHost;

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public byte[] Body { get; init; } = [];

    public string Path => Target.IndexOf('?', StringComparison.Ordinal) is var question and >= 0 ? Target[..question] : Target;

    public string Query => Target.IndexOf('?', StringComparison.Ordinal) is var question and >= 0 ? Target[(question + 1)..] : string.Empty;
}

/// <summary>
/// One request case and what each host must answer. A null expectation means the case does not apply to that host:
/// bytes only a socket can send, or a value only an event can carry. <see cref="Wire"/> replaces the bytes rendered
/// from <see cref="Request"/> when the case is about HTTP framing itself.
/// </summary>
public sealed record RequestCase(string Id, HostileRequest Request, Expect? Lambda, Expect? Kestrel, byte[]? Wire = null) : IHostileCase;

/// <summary>A family of request cases, run against both hosts.</summary>
public interface IRequestFamily : ICaseFamily<RequestCase>;
