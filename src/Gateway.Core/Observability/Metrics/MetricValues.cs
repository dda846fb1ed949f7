using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Policies.Caching;
using Gateway.Resilience;

namespace Gateway.Observability.Metrics;

/// <summary>
/// One request's contribution to each metric, read off its response and <see cref="RequestTelemetry"/>: these
/// definitions are where a metric names the tag it counts.
/// Latencies are recorded as values (upstream latency NaN when the upstream was not reached); counts as 0 or 1.
/// </summary>
public static class MetricValues
{
    /// <summary>The request count and latency: sent with every request, so rates and alarms always have a denominator.</summary>
    private const int AlwaysSent = (1 << (int)GatewayMetric.Requests) | (1 << (int)GatewayMetric.Latency);

    /// <summary>
    /// The metrics worth sending, as bits by <see cref="GatewayMetric"/>: the request count and latency, and every
    /// other one that is non-zero (a zero count creates a billed custom metric and says nothing a missing one does not).
    /// </summary>
    public static int Present(ReadOnlySpan<double> values)
    {
        var present = AlwaysSent;
        for (var metric = 0; metric < values.Length; metric++)
        {
            if (values[metric] != 0 && !double.IsNaN(values[metric]))
            {
                present |= 1 << metric;
            }
        }
        return present;
    }

    public static void Fill(Span<double> values, GatewayContext context, GatewayResponse response, TimeSpan elapsed)
    {
        var telemetry = context.Telemetry;
        var status = response.StatusCode;
        values[(int)GatewayMetric.Requests] = 1;
        values[(int)GatewayMetric.Latency] = elapsed.TotalMilliseconds;
        values[(int)GatewayMetric.UpstreamLatency] = telemetry.UpstreamTime?.TotalMilliseconds ?? double.NaN;
        values[(int)GatewayMetric.ClientErrors] = status is >= 400 and < 500 ? 1 : 0;
        values[(int)GatewayMetric.ServerErrors] = status >= 500 ? 1 : 0;
        values[(int)GatewayMetric.RateLimited] = telemetry.ErrorCode is ErrorCodes.RateLimited or ErrorCodes.QuotaExceeded ? 1 : 0;
        values[(int)GatewayMetric.QuotaExceeded] = telemetry.ErrorCode == ErrorCodes.QuotaExceeded ? 1 : 0;
        values[(int)GatewayMetric.AuthFailures] = telemetry.ErrorCode is ErrorCodes.Unauthorized or ErrorCodes.Forbidden ? 1 : 0;
        values[(int)GatewayMetric.BreakerTransitions] = telemetry[CircuitBreaker.TransitionTag] is not null ? 1 : 0;
        values[(int)GatewayMetric.BreakerOpenRejections] = telemetry.ErrorCode == ErrorCodes.CircuitOpen || CircuitBreaker.RefusedUnasked(telemetry) ? 1 : 0;
        values[(int)GatewayMetric.StoreFailures] = telemetry.StoreFailures;
        var cache = telemetry[ResponseCachePolicy.OutcomeTag];
        values[(int)GatewayMetric.CacheHits] = cache == "HIT" ? 1 : 0;
        values[(int)GatewayMetric.CacheMisses] = cache == "MISS" ? 1 : 0;
    }
}
