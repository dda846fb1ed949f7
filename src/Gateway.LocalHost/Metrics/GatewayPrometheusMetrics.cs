using System.Collections.Concurrent;
using Gateway.Http;
using Gateway.Observability;
using Gateway.Observability.Metrics;
using Gateway.Pipeline;
using Gateway.Resilience;
using Prometheus;

namespace Gateway.LocalHost.Metrics;

/// <summary>
/// serve's metrics, in Prometheus' text format on the admin port (prometheus-net): how long requests and upstream
/// calls took as histograms, so that a percentile can be computed per route and summed across instances; the same
/// counts the Lambda's EMF has, as counters; and each breaker's state as a gauge. Every label value comes from the
/// configuration (route and service names) or from the gateway's own error codes, never from the request, so the
/// number of series stays bounded however many distinct paths clients send.
/// </summary>
public sealed class GatewayPrometheusMetrics : IRequestObserver
{
    /// <summary>A request that matched no route, or one that reached no service.</summary>
    private const string None = "";

    // From a cache hit (well under a millisecond) to an upstream that takes the longest timeout worth waiting for.
    private static readonly double[] DurationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly string[] StatusClasses = ["other", "1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly Histogram _requestDuration;
    private readonly Histogram _upstreamDuration;

    /// <summary>By <see cref="GatewayMetric"/>; null for the latencies, which are the histograms.</summary>
    private readonly Counter?[] _counts;

    private readonly BreakerStateGauge _breakers;
    private readonly ConcurrentDictionary<SeriesKey, Series> _series = new();
    private readonly Func<SeriesKey, Series> _createSeries;

    public GatewayPrometheusMetrics()
    {
        var factory = Prometheus.Metrics.WithCustomRegistry(_registry);
        _requestDuration = factory.CreateHistogram("gateway_request_duration_seconds",
            "Time from the request's arrival to its answer, by route, service, status class and gateway error code.",
            ["route", "service", "status_class", "error_code"], new HistogramConfiguration { Buckets = DurationBuckets });
        // A label set appears once a request of it reached the upstream: requests that matched no route never do.
        _upstreamDuration = factory.CreateHistogram("gateway_upstream_duration_seconds",
            "Time spent waiting on the upstream (retries included), for requests that reached it.", ["route", "service"],
            new HistogramConfiguration { Buckets = DurationBuckets, SuppressInitialValue = true });
        _counts = [.. GatewayMetrics.Definitions.Select(definition => definition.Unit == GatewayMetrics.Count
            ? factory.CreateCounter($"gateway_{System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(definition.Name)}_total",
                $"The EMF metric {definition.Name}, by route and service.", ["route", "service"])
            : null)];
        _breakers = new BreakerStateGauge(factory);
        _createSeries = CreateSeries;
    }

    public void OnCompleted(GatewayContext context, GatewayResponse response, TimeSpan elapsed)
    {
        Span<double> values = stackalloc double[GatewayMetrics.Total];
        MetricValues.Fill(values, context, response, elapsed);
        var telemetry = context.Telemetry;
        var route = context.Route;
        // A split route's side, or a composed route's services, as the forwarder named them; otherwise the route's own.
        var service = telemetry.UpstreamService ?? route?.Service ?? None;
        var series = _series.GetOrAdd(new SeriesKey(route?.Name ?? None, service, StatusClass(response.StatusCode), telemetry.ErrorCode ?? None), _createSeries);

        series.RequestDuration.Observe(elapsed.TotalSeconds);
        if (telemetry.UpstreamTime is { } upstream)
        {
            series.UpstreamDuration.Observe(upstream.TotalSeconds);
        }
        for (var i = 0; i < values.Length; i++)
        {
            if (series.Counts[i] is { } count && values[i] > 0)
            {
                count.Inc(values[i]);
            }
        }
    }

    /// <summary>Writes every metric in Prometheus' text format, the breaker gauge read from <paramref name="gateway"/> now.</summary>
    public Task WriteAsync(Stream output, GatewayHandler gateway, CancellationToken cancellation)
    {
        _breakers.Update(gateway.StateReporters.OfType<BreakerRegistry>().SelectMany(registry => registry.Breakers));
        return _registry.CollectAndExportAsTextAsync(output, cancellation);
    }

    private Series CreateSeries(SeriesKey key) => new(
        _requestDuration.WithLabels(key.Route, key.Service, key.StatusClass, key.ErrorCode),
        _upstreamDuration.WithLabels(key.Route, key.Service),
        [.. _counts.Select(counter => counter?.WithLabels(key.Route, key.Service))]);

    private static string StatusClass(int status) => StatusClasses[status is >= 100 and < 600 ? status / 100 : 0];

    private readonly record struct SeriesKey(string Route, string Service, string StatusClass, string ErrorCode);

    /// <summary>One label set's children, looked up once: prometheus-net's own lookup by label values costs more per request.</summary>
    private sealed record Series(Histogram.Child RequestDuration, Histogram.Child UpstreamDuration, Counter.Child?[] Counts);
}
