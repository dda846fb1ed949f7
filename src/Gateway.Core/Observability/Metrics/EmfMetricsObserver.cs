using System.Collections.Concurrent;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Observability.Metrics;

/// <summary>
/// The Lambda host's metrics: one EMF document per request, which in Lambda is once per invocation, with the
/// dimension sets [service] and [service, route], and for a split route also [service, route, upstream] (the side's
/// service that served it). The first invocation of an execution environment also writes a
/// ColdStart document with [service, function_name], as Powertools does. Document shapes are made once per route.
/// </summary>
public sealed class EmfMetricsObserver : IRequestObserver
{
    private const string ServiceDimension = "service";
    private const string RouteDimension = "route";
    private const string UpstreamDimension = "upstream";

    private readonly string _namespace;
    private readonly EmfWriter _writer;
    private readonly ExecutionEnvironment _environment;
    private readonly Shapes _withoutRoute;
    private readonly ConcurrentDictionary<string, Shapes> _byRoute = new(StringComparer.Ordinal);
    private bool _coldStartWritten;

    public EmfMetricsObserver(string metricsNamespace, EmfWriter writer, ExecutionEnvironment environment)
    {
        _namespace = metricsNamespace;
        _writer = writer;
        _environment = environment;
        _withoutRoute = new Shapes(metricsNamespace, [[ServiceDimension]], [environment.ServiceName]);
    }

    public void OnCompleted(GatewayContext context, GatewayResponse response, TimeSpan elapsed)
    {
        if (_environment.ColdStart && !_coldStartWritten)
        {
            _coldStartWritten = true;
            var coldStart = EmfDocumentShape.Create(_namespace, [[ServiceDimension, "function_name"]], [GatewayMetrics.ColdStart]);
            _writer.Write(coldStart, [_environment.ServiceName, _environment.FunctionName ?? "local"], [1]);
        }

        Span<double> values = stackalloc double[GatewayMetrics.Total];
        MetricValues.Fill(values, context, response, elapsed);
        var shapes = context.Route?.Name is not { } route ? _withoutRoute
            : context.Route.Split is not null && context.Telemetry.UpstreamService is { } side ? SideShapes(route, side)
            : _byRoute.GetOrAdd(route, static (name, self) => new Shapes(self._namespace, [[ServiceDimension], [ServiceDimension, RouteDimension]], [self._environment.ServiceName, name]), this);
        var reachedUpstream = !double.IsNaN(values[(int)GatewayMetric.UpstreamLatency]);
        _writer.Write(reachedUpstream ? shapes.All : shapes.WithoutUpstream, shapes.DimensionValues, reachedUpstream ? values : values[..^1]);
    }

    private Shapes SideShapes(string route, string side) =>
        _byRoute.GetOrAdd($"{route}\n{side}", static (_, state) => new Shapes(
            state.Self._namespace,
            [[ServiceDimension], [ServiceDimension, RouteDimension], [ServiceDimension, RouteDimension, UpstreamDimension]],
            [state.Self._environment.ServiceName, state.Route, state.Side]), (Self: this, Route: route, Side: side));

    /// <summary>A route's document shapes: with upstream latency, and without it for requests that never got there.</summary>
    private sealed class Shapes(string metricsNamespace, string[][] dimensionSets, string[] dimensionValues)
    {
        public IReadOnlyList<EmfDocumentShape> All { get; } = EmfDocumentShape.Create(metricsNamespace, dimensionSets, GatewayMetrics.Definitions);

        public IReadOnlyList<EmfDocumentShape> WithoutUpstream { get; } = EmfDocumentShape.Create(metricsNamespace, dimensionSets, GatewayMetrics.Definitions.SkipLast(1).ToArray());

        public string[] DimensionValues { get; } = dimensionValues;
    }
}
