using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Edge;

/// <summary>The largest request body a route takes.</summary>
public sealed record RequestSizeLimitSettings(long MaxBody);

/// <summary>
/// Refuses (413) bodies larger than the route allows, before anyone reads them. The gateway-wide
/// <c>gateway.maxRequestBodySize</c> still applies first, so a route limit can only be smaller.
/// </summary>
public sealed class RequestSizeLimitPolicy(RequestSizeLimitSettings settings) : IGatewayPolicy
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next) =>
        context.Request.Body.Length <= settings.MaxBody
            ? next(context)
            : ValueTask.FromResult(GatewayErrors.Create(context, 413, ErrorCodes.PayloadTooLarge,
                $"the request body is larger than the {settings.MaxBody} bytes this route accepts"));
}

/// <summary>The <c>requestSizeLimit</c> policy: <c>{ maxBody: 16KB }</c>.</summary>
public sealed class RequestSizeLimitFactory : PolicyFactory<RequestSizeLimitSettings>
{
    public static RequestSizeLimitFactory Instance { get; } = new();

    public override string Name => "requestSizeLimit";

    public override PolicyPhase Phase => PolicyPhase.Edge;

    /// <summary>The limit is checked against the body's actual length, which a chunked body states only once read.</summary>
    public override BodyNeeds BodyNeeds => BodyNeeds.Request;

    protected override RequestSizeLimitSettings? Read(ConfigNode node)
    {
        node.AllowKeys("maxBody");
        if (!node["maxBody"].Exists)
        {
            node["maxBody"].Error("is required (a size such as 16KB)");
            return null;
        }
        return new RequestSizeLimitSettings(node["maxBody"].Size(0, 0, 6L << 20));
    }

    protected override IGatewayPolicy Create(RequestSizeLimitSettings settings, PolicyBuildContext context) => new RequestSizeLimitPolicy(settings);
}
