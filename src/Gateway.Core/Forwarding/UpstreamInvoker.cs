using System.Globalization;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Resilience;

namespace Gateway.Forwarding;

/// <summary>
/// The end of every route's pipeline: picks an instance of the route's service whose breaker allows a call, forwards,
/// reports the outcome to the breaker, and turns an upstream failure into the gateway's JSON error (refused → 502,
/// timed out → 504). When every instance's breaker is open it answers with the service's fallback, or 503
/// <c>circuit_open</c>, without calling the upstream. One attempt is <see cref="AttemptAsync"/>: a retry loop wraps it.
/// </summary>
public sealed class UpstreamInvoker(ServiceConfig service, UpstreamTimeouts timeouts, HttpForwarder forwarder, CircuitBreaker?[] breakers)
{
    private readonly InstanceSelector _selector = new(service);

    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context)
    {
        context.Telemetry.UpstreamService = service.Name;
        var attempt = await AttemptAsync(context).ConfigureAwait(false);
        if (attempt.Result is not { } result)
        {
            return CircuitOpen(context, attempt.RetryAfter);
        }
        context.Telemetry.UpstreamTime = result.Elapsed;
        return result.Response ?? ToError(context, result);
    }

    /// <summary>Pick an instance → breaker check → forward → record the outcome. No result when every breaker refused.</summary>
    private async ValueTask<(UpstreamResult? Result, TimeSpan RetryAfter)> AttemptAsync(GatewayContext context)
    {
        var instances = _selector.Instances;
        var refused = 0UL;
        var retryAfter = TimeSpan.MaxValue;
        for (var tries = 0; tries < instances.Count; tries++)
        {
            var instance = _selector.Next(candidate => !IsMarked(refused, IndexOf(candidate)));
            if (instance is null)
            {
                break;
            }
            var index = IndexOf(instance);
            var breaker = breakers[index];
            var permit = breaker is null ? default : await breaker.AcquireAsync(context).ConfigureAwait(false);
            if (permit.Kind == BreakerPermitKind.Refused)
            {
                refused = Mark(refused, index);
                retryAfter = permit.RetryAfter < retryAfter ? permit.RetryAfter : retryAfter;
                continue;
            }
            var result = await forwarder.ForwardAsync(context, instance, service, timeouts).ConfigureAwait(false);
            context.Telemetry.UpstreamAttempts++;
            if (breaker is not null)
            {
                await breaker.RecordAsync(permit, result, context).ConfigureAwait(false);
            }
            return (result, TimeSpan.Zero);
        }
        return (null, retryAfter);
    }

    private int IndexOf(UpstreamInstance instance)
    {
        var instances = _selector.Instances;
        for (var i = 0; i < instances.Count; i++)
        {
            if (ReferenceEquals(instances[i], instance))
            {
                return i;
            }
        }
        return -1;
    }

    // Instances refused in this attempt, as bits: services have a handful of instances (64 at most are told apart).
    private static bool IsMarked(ulong set, int index) => (set & (1UL << (index & 63))) != 0;

    private static ulong Mark(ulong set, int index) => set | (1UL << (index & 63));

    private GatewayResponse CircuitOpen(GatewayContext context, TimeSpan retryAfter)
    {
        if (service.CircuitBreaker.Fallback is { } fallback)
        {
            var response = new GatewayResponse(fallback.Status) { Body = System.Text.Encoding.UTF8.GetBytes(fallback.Body) };
            foreach (var (name, value) in fallback.Headers)
            {
                response.Headers.Add(name, value);
            }
            return response;
        }
        var seconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalSeconds));
        var error = GatewayErrors.Create(context, 503, ErrorCodes.CircuitOpen,
            $"the upstream service \"{service.Name}\" is unavailable (circuit open); retry in {seconds} s");
        error.Headers.Set(HeaderNames.RetryAfter, seconds.ToString(CultureInfo.InvariantCulture));
        return error;
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
