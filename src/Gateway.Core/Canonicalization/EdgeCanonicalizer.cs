using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Canonicalization;

/// <summary>Why the edge refused a request: the status and the error code and message of the JSON answer.</summary>
public sealed record EdgeRefusal(int Status, string Code, string Message);

/// <summary>
/// Brings a request into its one canonical form before anything decides on it: the route, the authorization, the
/// cache key, the limit key and what the upstream receives are all derived from the same reading. A request with no
/// single reading is refused rather than guessed at.
/// </summary>
public sealed class EdgeCanonicalizer(GatewaySettings settings)
{
    private readonly TrustedProxies _trustedProxies = new(settings.TrustedProxies);

    /// <summary>Canonicalizes <paramref name="request"/> in place, up to its path, which routing still needs to see.</summary>
    public EdgeRefusal? Canonicalize(GatewayRequest request, out CanonicalPath path)
    {
        path = default;
        if (!CanonicalMethod.IsAccepted(request.Method, out var problem))
        {
            return new EdgeRefusal(400, ErrorCodes.InvalidRequest, problem!);
        }
        if (!CanonicalHost.TryCreate(request.Host, out var host, out var port, out problem))
        {
            return new EdgeRefusal(400, ErrorCodes.InvalidRequest, problem!);
        }
        request.Host = host;
        request.Port = port;
        // Read before the forwarding headers go: only a trusted proxy's X-Forwarded-For says who the client is.
        if (!_trustedProxies.IsEmpty)
        {
            (request.ClientAddress, request.ForwardedFor) = _trustedProxies.Resolve(request.ClientAddress, request.Headers);
        }
        ClientHeaders.Sanitize(request.Headers);

        if (request.Body.Length > settings.MaxRequestBodyBytes || request.StreamedBody?.DeclaredLength > settings.MaxRequestBodyBytes)
        {
            return new EdgeRefusal(413, ErrorCodes.PayloadTooLarge, RequestBodyException.TooLargeMessage(settings.MaxRequestBodyBytes));
        }
        if (request.HasBody && request.Method is "GET" or "HEAD")
        {
            // RFC 9110 gives such a body no meaning: upstreams read it, ignore it or take it for the next request,
            // and no cache key holds it.
            return new EdgeRefusal(400, ErrorCodes.InvalidRequest, $"a {request.Method} request must not carry a body");
        }
        if (!CanonicalPath.TryCreate(request.Path, out path, out problem))
        {
            return new EdgeRefusal(400, ErrorCodes.InvalidPath, problem!);
        }
        if (path.EncodedSlashes && !settings.AllowEncodedSlashes)
        {
            return new EdgeRefusal(400, ErrorCodes.InvalidPath,
                "the path contains an encoded slash (%2F), which upstreams read differently; gateway.allowEncodedSlashes accepts it");
        }
        if (!RequestTarget.IsPlain(request.RawQuery))
        {
            // The query is forwarded byte for byte: a raw CR LF in it would split the upstream request.
            return new EdgeRefusal(400, ErrorCodes.InvalidRequest,
                "the query string contains a control character, a space, '#' or a non-ASCII character; percent-encode it");
        }
        return null;
    }
}
