using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Grpc.Transcoding;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Pipeline;

namespace Gateway.Grpc;

/// <summary>
/// One unary gRPC call over the gateway's shared HttpClient: HTTP/2 (h2c with prior knowledge for http:// URLs),
/// the request body already a framed protobuf message (<see cref="GrpcCallStep"/>), the attempt's read timeout as
/// <c>grpc-timeout</c>, the identity and allow-listed headers as metadata. The answer's <c>grpc-status</c> becomes
/// the HTTP status by <see cref="GrpcStatus"/>, so UNAVAILABLE (503) and DEADLINE_EXCEEDED (504) count for the
/// breaker and retries as an HTTP upstream's 503 and 504 do.
/// </summary>
public sealed class GrpcForwarder(HttpForwarder http, GatewaySettings settings, GrpcRouteConfig route) : IUpstreamForwarder, IUpstreamResponseReader
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");

    public ValueTask<UpstreamResult> ForwardAsync(GatewayContext context, UpstreamInstance instance, ServiceConfig service, UpstreamTimeouts timeouts, CancellationToken cancellation) =>
        http.ExchangeAsync(context, CreateCall(context, instance, timeouts), timeouts, this, cancellation);

    private HttpRequestMessage CreateCall(GatewayContext context, UpstreamInstance instance, UpstreamTimeouts timeouts)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, new Uri(instance.Url, route.Path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ReadOnlyMemoryContent(context.Request.Body),
        };
        message.Content.Headers.ContentType = GrpcContentType;
        var headers = message.Headers;
        headers.TryAddWithoutValidation("te", "trailers");
        // grpc-timeout allows at most 8 digits: milliseconds cover any timeout the configuration accepts.
        headers.TryAddWithoutValidation("grpc-timeout", ((long)Math.Ceiling(timeouts.Read.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "m");
        headers.TryAddWithoutValidation(HeaderNames.RequestId, context.RequestId);
        var request = context.Request;
        foreach (var name in IdentityHeaders.All)
        {
            CopyMetadata(request.Headers, name, headers);
        }
        if (settings.ForwardedHeaders)
        {
            ProxyRequestFactory.AddForwardedHeaders(message, request);
        }
        foreach (var name in route.Metadata)
        {
            CopyMetadata(request.Headers, name, headers);
        }
        return message;
    }

    private static void CopyMetadata(HeaderCollection from, string name, HttpRequestHeaders to)
    {
        if (from.GetCombined(name) is { } value && HeaderValue.IsSafe(value) && !to.Contains(name))
        {
            to.TryAddWithoutValidation(name, value);
        }
    }

    /// <summary>The status is in the trailers, or in the headers of a trailers-only answer (an immediate error).</summary>
    public GatewayResponse? Read(GatewayContext context, HttpResponseMessage upstream, ReadOnlyMemory<byte> body)
    {
        var status = Header(upstream.TrailingHeaders, "grpc-status") ?? Header(upstream.Headers, "grpc-status");
        if (status is null)
        {
            // Something other than a gRPC server answered. Where the spec's mapping says what it meant (an
            // intermediary's 503, 401, …) that status stands; where it can only say UNKNOWN (a 200, a 500, a
            // redirect), the answer is not valid for the protocol: the gateway's 502, not the service's own 500.
            var code = GrpcStatus.FromHttpStatus((int)upstream.StatusCode);
            return code == GrpcStatus.Unknown ? null : Error(context, code, $"the gRPC service answered HTTP {(int)upstream.StatusCode} without a gRPC status");
        }
        if (!int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var grpcStatus))
        {
            return null;
        }
        if (grpcStatus != GrpcStatus.Ok)
        {
            var message = Header(upstream.TrailingHeaders, "grpc-message") ?? Header(upstream.Headers, "grpc-message");
            return WithMetadata(Error(context, grpcStatus, message is null ? GrpcStatus.Name(grpcStatus) : Uri.UnescapeDataString(message)), upstream);
        }
        if (GrpcFraming.ReadSingle(body, out _) is not { } reply)
        {
            return null;
        }
        try
        {
            var response = new GatewayResponse(200) { Body = route.Response.ProtoToJson(reply.Span) };
            response.Headers.Add(HeaderNames.ContentType, "application/json");
            return WithMetadata(response, upstream);
        }
        catch (WireFormatException)
        {
            return null;
        }
    }

    private static GatewayResponse Error(GatewayContext context, int grpcStatus, string message) =>
        GatewayErrors.Create(context, GrpcStatus.ToHttpStatus(grpcStatus), GrpcStatus.Name(grpcStatus), message);

    /// <summary>
    /// The service's response metadata and trailers become response headers, except what gRPC and HTTP/2 reserve
    /// and binary (<c>-bin</c>) values.
    /// </summary>
    private static GatewayResponse WithMetadata(GatewayResponse response, HttpResponseMessage upstream)
    {
        CopyResponseMetadata(upstream.Headers, response.Headers);
        CopyResponseMetadata(upstream.TrailingHeaders, response.Headers);
        return response;
    }

    private static void CopyResponseMetadata(HttpHeaders source, HeaderCollection target)
    {
        foreach (var (name, values) in source.NonValidated)
        {
            if (name.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase) || name.EndsWith("-bin", StringComparison.OrdinalIgnoreCase) ||
                HopByHopHeaders.Contains(name) || name.Equals("date", StringComparison.OrdinalIgnoreCase) || name.Equals("server", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var value in values)
            {
                target.Add(name, value);
            }
        }
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;
}
