using Gateway.Pipeline;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>What a case must get: forwarded within a prefix, or one exact refusal.</summary>
public abstract record Expect
{
    public static Expect InvalidEvent { get; } = new Refused(400, ErrorCodes.InvalidEvent);

    public static Expect InvalidPath { get; } = new Refused(400, ErrorCodes.InvalidPath);

    public static Expect RouteNotFound { get; } = new Refused(404, ErrorCodes.RouteNotFound);

    public static Expect PayloadTooLarge { get; } = new Refused(413, ErrorCodes.PayloadTooLarge);

    public static Expect HeadersTooLarge { get; } = new Refused(431, ErrorCodes.HeadersTooLarge);

    public static Expect UriTooLong { get; } = new Refused(414, ErrorCodes.UriTooLong);

    public static Expect InvalidRequest { get; } = new Refused(400, ErrorCodes.InvalidRequest);

    public static Expect Unauthorized { get; } = new Refused(401, ErrorCodes.Unauthorized);

    public static Expect Forbidden { get; } = new Refused(403, ErrorCodes.Forbidden);

    public static Expect Invariant { get; } = new Held();

    /// <summary>
    /// The request reaches the upstream once, under <paramref name="Prefix"/> however strictly the upstream reads the
    /// path, and, when <paramref name="Target"/> is given, with exactly that path and query. <paramref name="Identity"/>
    /// names the identity headers the gateway itself must set from a valid credential, exactly; without it, none.
    /// </summary>
    public sealed record Forwarded(string Prefix, string? Target = null, IReadOnlyDictionary<string, string>? Identity = null) : Expect;

    /// <summary>
    /// The gateway answers itself with its one JSON error shape; nothing reaches the upstream. A <paramref name="Message"/>
    /// pins the message too, where refusals must not tell cases apart (an unknown key id and a wrong secret).
    /// </summary>
    public sealed record Refused(int Status, string Code, string? Message = null) : Expect;

    /// <summary>
    /// No one answer is promised: the case is judged by the invariants alone (for the edge families, that the upstream
    /// receives only what the route that authorized it would forward, or nothing). Identity headers are left to those.
    /// </summary>
    public sealed record Held : Expect;

    /// <summary>
    /// Kestrel refuses bytes that are not HTTP/1.1 before any request exists (its own bare answer, as API Gateway's
    /// own 4xx are in AWS); nothing reaches the gateway or the upstream.
    /// </summary>
    public sealed record RefusedByServer(int Status) : Expect;
}
