using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Forwarding;

/// <summary>
/// The end of every route's pipeline: picks an instance of the route's service, forwards, and turns an upstream
/// failure into the gateway's JSON error (refused → 502, timed out → 504).
/// </summary>
public sealed class UpstreamInvoker(ServiceConfig service, UpstreamTimeouts timeouts, HttpForwarder forwarder)
{
    private readonly InstanceSelector _selector = new(service);

    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context)
    {
        context.Telemetry.UpstreamService = service.Name;
        var instance = _selector.Next()!;
        var result = await forwarder.ForwardAsync(context, instance, service, timeouts).ConfigureAwait(false);
        context.Telemetry.UpstreamAttempts = 1;
        context.Telemetry.UpstreamTime = result.Elapsed;
        return result.Response ?? ToError(context, result);
    }

    internal static GatewayResponse ToError(GatewayContext context, UpstreamResult result) => result.Outcome switch
    {
        UpstreamOutcome.TimedOut => GatewayErrors.Create(context, 504, ErrorCodes.UpstreamTimeout, "the upstream service did not answer in time"),
        UpstreamOutcome.ConnectFailed => GatewayErrors.Create(context, 502, ErrorCodes.UpstreamUnreachable, "the upstream service could not be reached"),
        UpstreamOutcome.ResponseTooLarge => GatewayErrors.Create(context, 502, ErrorCodes.UpstreamError, "the upstream response is too large"),
        // 499 is nginx's "client closed request": nobody reads it, but the access log should not call it a 5xx.
        UpstreamOutcome.Canceled => GatewayErrors.Create(context, 499, ErrorCodes.InvalidRequest, "the client closed the request"),
        _ => GatewayErrors.Create(context, 502, ErrorCodes.UpstreamError, "the upstream service sent an invalid response"),
    };
}
