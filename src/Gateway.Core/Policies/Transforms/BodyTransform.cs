using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Policies.Transforms.Json;

namespace Gateway.Policies.Transforms;

/// <summary>A JSON body mapping and the largest body it will take.</summary>
public sealed class BodyTransformSettings
{
    internal BodyTransformSettings(JsonBodyMapping mapping, long maxSize)
    {
        Mapping = mapping;
        MaxSize = maxSize;
    }

    internal JsonBodyMapping Mapping { get; }

    public long MaxSize { get; }
}

/// <summary>
/// Maps the request's JSON body before it is forwarded. A request without a body passes as it is; a body that is
/// larger than the limit (413) or is not JSON of the expected shape (400) is refused, never forwarded half mapped.
/// </summary>
public sealed class RequestBodyTransformPolicy(BodyTransformSettings settings) : IGatewayPolicy
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Body.IsEmpty)
        {
            return next(context);
        }
        if (request.Body.Length > settings.MaxSize)
        {
            return ValueTask.FromResult(GatewayErrors.Create(context, 413, ErrorCodes.PayloadTooLarge,
                $"the request body is larger than the {settings.MaxSize} bytes this route maps"));
        }
        if (settings.Mapping.Apply(request.Body, context, out var problem) is not { } mapped)
        {
            return ValueTask.FromResult(GatewayErrors.Create(context, 400, ErrorCodes.InvalidRequest, $"the request body {problem}"));
        }
        request.Body = mapped;
        return next(context);
    }
}

/// <summary>
/// Maps the JSON body of the upstream's successful (2xx) answers; other answers, and the gateway's own errors, pass
/// as they are. An answer it cannot map (too large, compressed, not JSON of the expected shape) becomes a 502: the
/// client never gets a half-mapped body.
/// </summary>
public sealed class ResponseBodyTransformPolicy(BodyTransformSettings settings) : IGatewayPolicy
{
    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        // The body must be readable here: ask the upstream for it uncompressed.
        context.Request.Headers.Remove("Accept-Encoding");
        var response = await next(context).ConfigureAwait(false);
        if (response.StatusCode is < 200 or > 299 || response.Body.IsEmpty || context.Telemetry.ErrorCode is not null)
        {
            // A HEAD answer's length is the unmapped body's; the mapped one's is unknown without the body.
            if (context.Request.Method == "HEAD")
            {
                response.Headers.Remove(HeaderNames.ContentLength);
            }
            return response;
        }
        if (response.Body.Length > settings.MaxSize)
        {
            return Unmappable(context, $"is larger than the {settings.MaxSize} bytes this route maps");
        }
        if (response.Headers.Get("Content-Encoding") is { } encoding && !encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return Unmappable(context, $"is compressed ({encoding})");
        }
        if (settings.Mapping.Apply(response.Body, context, out var problem) is not { } mapped)
        {
            return Unmappable(context, problem!);
        }
        response.Body = mapped;
        return response;
    }

    private static GatewayResponse Unmappable(GatewayContext context, string problem) =>
        GatewayErrors.Create(context, 502, ErrorCodes.UpstreamError, $"the upstream response body {problem}, so this route cannot map it");
}

/// <summary>
/// The <c>requestBody</c> and <c>responseBody</c> policies: <c>{ maxSize: 1MB, steps: [ {move: …}, {rename: …},
/// {remove: […]}, {set: …}, {wrap: name}, {unwrap: path} ] }</c>.
/// </summary>
public sealed class BodyTransformFactory : PolicyFactory<BodyTransformSettings>
{
    private const long DefaultMaxSize = 1L << 20;
    private const long LambdaPayloadLimit = 6L << 20;
    private readonly bool _request;

    private BodyTransformFactory(bool request) => _request = request;

    public static BodyTransformFactory Request { get; } = new(request: true);

    public static BodyTransformFactory Response { get; } = new(request: false);

    public override string Name => _request ? "requestBody" : "responseBody";

    public override PolicyPhase Phase => _request ? PolicyPhase.RequestTransform : PolicyPhase.ResponseTransform;

    public override BodyNeeds BodyNeeds => _request ? BodyNeeds.Request : BodyNeeds.Response;

    protected override BodyTransformSettings? Read(ConfigNode node)
    {
        node.AllowKeys("maxSize", "steps");
        var maxSize = node["maxSize"].Size(DefaultMaxSize, 1, LambdaPayloadLimit);
        return JsonBodyMapping.Read(node["steps"]) is { } mapping ? new BodyTransformSettings(mapping, maxSize) : null;
    }

    protected override IGatewayPolicy Create(BodyTransformSettings settings, PolicyBuildContext context) =>
        _request ? new RequestBodyTransformPolicy(settings) : new ResponseBodyTransformPolicy(settings);
}
