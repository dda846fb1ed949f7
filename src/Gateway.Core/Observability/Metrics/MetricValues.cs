using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Observability.Metrics;

/// <summary>
/// One request's contribution to each metric, read off its response and <see cref="RequestTelemetry"/>.
/// Latencies are recorded as values; counts as 0 or 1, so every metric has a value for every request and rates
/// (5xx / Requests) need no missing-data handling.
/// </summary>
public static class MetricValues
{
    public static void Fill(Span<double> values, GatewayContext context, GatewayResponse response, TimeSpan elapsed)
    {
        var telemetry = context.Telemetry;
        var status = response.StatusCode;
        values[(int)GatewayMetric.Requests] = 1;
        values[(int)GatewayMetric.Latency] = elapsed.TotalMilliseconds;
        values[(int)GatewayMetric.UpstreamLatency] = telemetry.UpstreamTime?.TotalMilliseconds ?? double.NaN;
        values[(int)GatewayMetric.ClientErrors] = status is >= 400 and < 500 ? 1 : 0;
        values[(int)GatewayMetric.ServerErrors] = status >= 500 ? 1 : 0;
        values[(int)GatewayMetric.RateLimited] = telemetry.RateLimitedBy is not null ? 1 : 0;
        values[(int)GatewayMetric.QuotaExceeded] = telemetry.QuotaExceeded ? 1 : 0;
        values[(int)GatewayMetric.AuthFailures] = telemetry.ErrorCode is ErrorCodes.Unauthorized or ErrorCodes.Forbidden ? 1 : 0;
        values[(int)GatewayMetric.BreakerTransitions] = telemetry.BreakerTransition is not null ? 1 : 0;
        values[(int)GatewayMetric.BreakerOpenRejections] = telemetry.ErrorCode == ErrorCodes.CircuitOpen || (telemetry.BreakerState == "open" && telemetry.UpstreamAttempts == 0) ? 1 : 0;
        values[(int)GatewayMetric.StoreFailures] = telemetry.StoreFailures;
        values[(int)GatewayMetric.CacheHits] = telemetry.Cache == "HIT" ? 1 : 0;
        values[(int)GatewayMetric.CacheMisses] = telemetry.Cache == "MISS" ? 1 : 0;
    }
}
