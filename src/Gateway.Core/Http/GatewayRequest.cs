using System.Net;

namespace Gateway.Http;

/// <summary>
/// An incoming request as the pipeline sees it, whatever host received it. Hosts translate their own request
/// (an API Gateway event, a Kestrel HttpContext) into this and nothing else.
/// </summary>
public sealed class GatewayRequest
{
    /// <summary>Upper-case method token (GET, POST, …).</summary>
    public required string Method { get; init; }

    /// <summary>The path as the client sent it: percent-encoded, starting with '/'. Transforms may rewrite it.</summary>
    public required string Path { get; set; }

    /// <summary>The query string without '?', exactly as received. It is forwarded byte for byte, never re-encoded.</summary>
    public string RawQuery { get; set; } = string.Empty;

    public HeaderCollection Headers { get; init; } = new();

    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>The address the connection came from, as the host saw it (never a client-supplied header).</summary>
    public IPAddress? ClientAddress { get; init; }

    /// <summary>The scheme the client used to reach the edge ("https" behind API Gateway).</summary>
    public string Scheme { get; init; } = "https";

    /// <summary>The host the client addressed, without userinfo.</summary>
    public string? Host { get; init; }
}
