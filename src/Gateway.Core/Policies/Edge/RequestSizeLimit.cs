using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Edge;

/// <summary>The largest request body a route takes.</summary>
public sealed record RequestSizeLimitSettings(long MaxBody);

/// <summary>
/// Refuses (413) bodies larger than the route allows, before anyone reads them. The gateway-wide
/// <c>gateway.maxRequestBodySize</c> still applies first, so a route limit can only be smaller. A body that streams
/// (serve) is refused at once when its declared length is over, else held to the route's limit as it flows: the
/// upstream request ends there and the client gets the same 413.
/// </summary>
public sealed class RequestSizeLimitPolicy(RequestSizeLimitSettings settings) : IGatewayPolicy
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (request.Body.Length > settings.MaxBody || request.StreamedBody?.MinimumLength > settings.MaxBody)
        {
            return ValueTask.FromResult(GatewayErrors.Create(context, 413, ErrorCodes.PayloadTooLarge,
                $"the request body is larger than the {settings.MaxBody} bytes this route accepts"));
        }
        request.StreamedBody?.Restrict(settings.MaxBody);
        return next(context);
    }
}

/// <summary>The <c>requestSizeLimit</c> policy: <c>{ maxBody: 16KB }</c>.</summary>
public sealed class RequestSizeLimitFactory : PolicyFactory<RequestSizeLimitSettings>
{
    public static RequestSizeLimitFactory Instance { get; } = new();

    public override string Name => "requestSizeLimit";

    public override PolicyPhase Phase => PolicyPhase.Edge;

    /// <summary>A declared length is checked at once; any other body is counted as it streams.</summary>
    public override BodyNeeds BodyNeeds => BodyNeeds.None;

    protected override RequestSizeLimitSettings? Read(ConfigNode node)
    {
        node.AllowKeys("maxBody");
        if (!node["maxBody"].Exists)
        {
            node["maxBody"].Error("is required (a size such as 16KB)");
            return null;
        }
        return new RequestSizeLimitSettings(node["maxBody"].Size(0, 0, HostProfile.Container.MaxBodyBytes));
    }

    protected override IGatewayPolicy Create(RequestSizeLimitSettings settings, PolicyBuildContext context) => new RequestSizeLimitPolicy(settings);
}
