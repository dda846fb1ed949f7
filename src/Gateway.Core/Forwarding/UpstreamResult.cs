using Gateway.Http;

namespace Gateway.Forwarding;

/// <summary>How one attempt to call an upstream instance ended.</summary>
public enum UpstreamOutcome
{
    /// <summary>The upstream answered (with any status).</summary>
    Responded,

    /// <summary>No connection could be made: refused, unreachable, or a name that does not resolve.</summary>
    ConnectFailed,

    /// <summary>Connecting or answering took longer than allowed.</summary>
    TimedOut,

    /// <summary>The upstream answered with something that is not valid HTTP, or closed mid-answer.</summary>
    InvalidResponse,

    /// <summary>The answer is larger than the gateway will buffer.</summary>
    ResponseTooLarge,

    /// <summary>
    /// The request body, streamed to the upstream, went past the gateway's limit or broke off mid-chunk: the client's
    /// fault, not the upstream's (see <see cref="Http.StreamedRequestBody.Failure"/>).
    /// </summary>
    RequestBodyRefused,

    /// <summary>The client went away.</summary>
    Canceled,
}

/// <summary>The result of one upstream attempt: a response, or the failure that replaced it.</summary>
public readonly record struct UpstreamResult(UpstreamOutcome Outcome, GatewayResponse? Response, TimeSpan Elapsed, string? Detail)
{
    public bool Responded => Outcome == UpstreamOutcome.Responded;
}
