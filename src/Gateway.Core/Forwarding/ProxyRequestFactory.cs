using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Forwarding;

/// <summary>
/// Turns the gateway's request into the HttpRequestMessage sent upstream: same method, the canonical path under the
/// instance's base path, the raw query untouched, end-to-end headers only, plus X-Forwarded-* and X-Request-ID. The
/// client's hop-by-hop and gateway-owned headers were removed at the edge, before policies added the gateway's own,
/// so nothing the client listed in its Connection header can remove what the gateway set.
/// </summary>
internal static class ProxyRequestFactory
{
    // Keeps the path and query byte for byte: the client's encoding is the upstream's business, not ours.
    private static readonly UriCreationOptions RawUri = new() { DangerousDisablePathAndQueryCanonicalization = true };

    /// <param name="upgrade">Whether the host can relay an upgraded connection: then a client's upgrade is asked of the upstream too.</param>
    public static HttpRequestMessage Create(GatewayContext context, UpstreamInstance instance, ServiceConfig service, GatewaySettings settings, bool upgrade)
    {
        var request = context.Request;
        var message = new HttpRequestMessage(HttpMethods.Get(request.Method), BuildUri(instance.ForwardingPrefix, request.Path, request.RawQuery));
        if (request.StreamedBody is { } streamed)
        {
            message.Content = streamed.ToContent(settings.MaxRequestBodyBytes);
        }
        else if (!request.Body.IsEmpty)
        {
            message.Content = new ReadOnlyMemoryContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (HopByHopHeaders.Contains(name) || IsSetByForwarder(name) || !HeaderValue.IsSafe(value))
            {
                continue;
            }
            if (!message.Headers.TryAddWithoutValidation(name, value))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, value);
            }
        }

        if (upgrade && request.Upgrade is { } protocol)
        {
            message.Headers.TryAddWithoutValidation(HeaderNames.Connection, HeaderNames.Upgrade);
            message.Headers.TryAddWithoutValidation(HeaderNames.Upgrade, protocol);
        }
        else if (service.Protocol == ServiceProtocol.Http2)
        {
            message.Version = System.Net.HttpVersion.Version20;
            message.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        }
        if (service.PreserveHost && request.Authority is { } authority)
        {
            message.Headers.Host = authority;
        }
        if (settings.ForwardedHeaders)
        {
            AddForwardedHeaders(message, request);
        }
        message.Headers.TryAddWithoutValidation(HeaderNames.RequestId, context.RequestId);
        return message;
    }

    private static Uri BuildUri(string prefix, string path, string rawQuery)
    {
        var text = rawQuery.Length == 0 ? string.Concat(prefix, path) : string.Concat(prefix, path, "?", rawQuery);
        return new Uri(text, in RawUri);
    }

    private static bool IsSetByForwarder(string name) =>
        name.Equals(HeaderNames.Host, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.RequestId, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.XForwardedFor, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.XForwardedProto, StringComparison.OrdinalIgnoreCase) ||
        name.Equals(HeaderNames.XForwardedHost, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// States who the client is (its address, or the chain trusted proxies vouch for), the scheme it used and the
    /// host it addressed. Whatever the client sent under these names was removed at the edge.
    /// </summary>
    internal static void AddForwardedHeaders(HttpRequestMessage message, GatewayRequest request)
    {
        if ((request.ForwardedFor ?? request.ClientAddress?.ToString()) is { } forwardedFor)
        {
            message.Headers.TryAddWithoutValidation(HeaderNames.XForwardedFor, forwardedFor);
        }
        message.Headers.TryAddWithoutValidation(HeaderNames.XForwardedProto, request.Scheme);
        if (request.Authority is { } authority)
        {
            message.Headers.TryAddWithoutValidation(HeaderNames.XForwardedHost, authority);
        }
    }
}
