using System.Net;

namespace Gateway.Http;

/// <summary>
/// An incoming request as the pipeline sees it, whatever host received it. Hosts translate their own request
/// (an API Gateway event, a Kestrel HttpContext) into this and nothing else.
/// </summary>
public sealed class GatewayRequest
{
    /// <summary>The method token as the client sent it; the edge accepts only upper-case ones (GET, POST, …).</summary>
    public required string Method { get; init; }

    /// <summary>
    /// The path: as the client sent it until the edge canonicalizes it, then the canonical path the route matched (see
    /// <c>CanonicalPath</c>), percent-encoded, starting with '/'. Transforms may rewrite it.
    /// </summary>
    public required string Path { get; set; }

    /// <summary>The query string without '?', exactly as received. It is forwarded byte for byte, never re-encoded.</summary>
    public string RawQuery { get; set; } = string.Empty;

    public HeaderCollection Headers { get; init; } = new();

    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>
    /// The body still unread, on a host that streams (<c>serve</c>): the gateway reads it into <see cref="Body"/> when the
    /// matched route's policies need it, and otherwise streams it to the upstream. Null when <see cref="Body"/> holds it.
    /// </summary>
    public StreamedRequestBody? StreamedBody { get; set; }

    /// <summary>
    /// The protocol the client asked to switch to (<c>websocket</c>), on a host that can relay an upgraded connection
    /// (<c>serve</c>); null otherwise. The client's Upgrade and Connection headers are hop-by-hop and go at the edge:
    /// this is what is left of them, for the forwarder to ask the upstream again.
    /// </summary>
    public string? Upgrade { get; init; }

    /// <summary>Whether the request carries a body, read or not.</summary>
    public bool HasBody => !Body.IsEmpty || StreamedBody is not null;

    /// <summary>
    /// The client's address: the connection's peer as the host saw it, or, behind a trusted proxy, the address that
    /// proxy vouches for. Never what a client wrote in a header.
    /// </summary>
    public IPAddress? ClientAddress { get; set; }

    /// <summary>The X-Forwarded-For chain trusted proxies vouch for, ending with the peer; null when the peer is the client.</summary>
    public string? ForwardedFor { get; set; }

    /// <summary>The scheme the client used to reach the edge ("https" behind API Gateway).</summary>
    public string Scheme { get; init; } = "https";

    /// <summary>The host the client addressed; canonical (lower-case, no port, no trailing dot) once past the edge.</summary>
    public string? Host { get; set; }

    /// <summary>The port the client's Host named, if it named one.</summary>
    public int? Port { get; set; }

    /// <summary>The canonical host with the port the client named: what X-Forwarded-Host (and a preserved Host) carry.</summary>
    public string? Authority => Port is { } port && Host is not null ? $"{Host}:{port}" : Host;
}
