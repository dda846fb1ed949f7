using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Observability.Metrics;

/// <summary>
/// The local host's metrics: the same measurements as the Lambda's EMF, kept as cumulative counters per route and
/// exposed in Prometheus' text format on the admin port. Latencies are summaries (_sum and _count). A split route's
/// requests are counted per side too: the label <c>upstream</c> names the service that served them.
/// </summary>
public sealed class PrometheusMetrics : IRequestObserver
{
    private const string NoRoute = "";

    // Per route (and side): one running total per metric; latencies in microseconds so that Interlocked can add them.
    private readonly ConcurrentDictionary<(string Route, string? Upstream), long[]> _totals = new();

    public void OnCompleted(GatewayContext context, GatewayResponse response, TimeSpan elapsed)
    {
        Span<double> values = stackalloc double[GatewayMetrics.Total];
        MetricValues.Fill(values, context, response, elapsed);
        var side = context.Route?.Split is null ? null : context.Telemetry.UpstreamService;
        var totals = _totals.GetOrAdd((context.Route?.Name ?? NoRoute, side), static _ => new long[GatewayMetrics.Total + 1]);
        for (var i = 0; i < values.Length; i++)
        {
            if (double.IsNaN(values[i]))
            {
                continue;
            }
            var unit = GatewayMetrics.Definitions[i].Unit;
            Interlocked.Add(ref totals[i], unit == GatewayMetrics.Milliseconds ? (long)(values[i] * 1000) : (long)values[i]);
        }
        if (!double.IsNaN(values[(int)GatewayMetric.UpstreamLatency]))
        {
            // How many requests reached the upstream: the count behind the upstream latency sum.
            Interlocked.Increment(ref totals[GatewayMetrics.Total]);
        }
    }

    /// <summary>The current totals of one metric, by route name ("" for requests that matched no route), sides summed.</summary>
    public IReadOnlyDictionary<string, double> Snapshot(GatewayMetric metric) =>
        _totals.GroupBy(pair => pair.Key.Route, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Sum(pair => Value(metric, pair.Value)), StringComparer.Ordinal);

    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        var routes = _totals.OrderBy(pair => pair.Key.Route, StringComparer.Ordinal).ThenBy(pair => pair.Key.Upstream, StringComparer.Ordinal).ToArray();
        for (var i = 0; i < GatewayMetrics.Total; i++)
        {
            var metric = (GatewayMetric)i;
            var definition = GatewayMetrics.Definitions[i];
            var isLatency = definition.Unit == GatewayMetrics.Milliseconds;
            var name = "gateway_" + Snake(definition.Name) + (isLatency ? "_ms" : "_total");
            text.Append("# TYPE ").Append(name).Append(isLatency ? " summary\n" : " counter\n");
            foreach (var ((route, upstream), totals) in routes)
            {
                var labels = route.Length == 0 ? string.Empty
                    : upstream is null ? $"{{route=\"{Escape(route)}\"}}"
                    : $"{{route=\"{Escape(route)}\",upstream=\"{Escape(upstream)}\"}}";
                if (isLatency)
                {
                    var count = metric == GatewayMetric.UpstreamLatency ? totals[GatewayMetrics.Total] : totals[(int)GatewayMetric.Requests];
                    text.Append(name).Append("_sum").Append(labels).Append(' ').Append(Format(Value(metric, totals))).Append('\n');
                    text.Append(name).Append("_count").Append(labels).Append(' ').Append(count.ToString(CultureInfo.InvariantCulture)).Append('\n');
                }
                else
                {
                    text.Append(name).Append(labels).Append(' ').Append(Format(Value(metric, totals))).Append('\n');
                }
            }
        }
        return text.ToString();
    }

    private static double Value(GatewayMetric metric, long[] totals)
    {
        var raw = Interlocked.Read(ref totals[(int)metric]);
        return GatewayMetrics.Definitions[(int)metric].Unit == GatewayMetrics.Milliseconds ? raw / 1000.0 : raw;
    }

    private static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Snake(string name) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(name);

    private static string Escape(string label) => label.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
