using System.Collections.Concurrent;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Observability.Metrics;

/// <summary>
/// The Lambda host's metrics: one EMF document per request, which in Lambda is once per invocation, with the
/// dimension sets [Service] and [Service, Route], and for a split route also [Service, Route, Upstream] (the side's
/// service that served it). The first invocation of an execution environment also writes a ColdStart document with
/// [FunctionName, Service]. The names and casing are Powertools for AWS Lambda (.NET)'s: its default dimension is
/// <c>Service</c> and its cold-start metric is <c>ColdStart</c> under <c>FunctionName</c> and <c>Service</c>
/// (aws-powertools/powertools-lambda-dotnet, Metrics.cs and Internal/MetricsAspect.cs).
/// <para>
/// Every distinct metric × dimension set is a billed custom metric, and a document that carries a zero still
/// creates one. So a document carries <see cref="MetricValues.Present"/>: the request count and latency always
/// (what rates and alarms divide by), the others only when non-zero. Shapes are made once per route and set of
/// metrics present.
/// </para>
/// </summary>
public sealed class EmfMetricsObserver : IRequestObserver
{
    public const string ServiceDimension = "Service";
    public const string RouteDimension = "Route";
    public const string UpstreamDimension = "Upstream";
    public const string FunctionNameDimension = "FunctionName";

    private readonly string _namespace;
    private readonly EmfWriter _writer;
    private readonly ExecutionEnvironment _environment;
    private readonly Dimensions _withoutRoute;
    private readonly ConcurrentDictionary<string, Dimensions> _byRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Dimensions, int), IReadOnlyList<EmfDocumentShape>> _shapes = new();
    private bool _coldStartWritten;

    public EmfMetricsObserver(string metricsNamespace, EmfWriter writer, ExecutionEnvironment environment)
    {
        _namespace = metricsNamespace;
        _writer = writer;
        _environment = environment;
        _withoutRoute = new Dimensions([[ServiceDimension]], [environment.ServiceName]);
    }

    public void OnCompleted(GatewayContext context, GatewayResponse response, TimeSpan elapsed)
    {
        if (_environment.ColdStart && !_coldStartWritten)
        {
            _coldStartWritten = true;
            var coldStart = EmfDocumentShape.Create(_namespace, [[FunctionNameDimension, ServiceDimension]], [GatewayMetrics.ColdStart]);
            _writer.Write(coldStart, [_environment.FunctionName ?? "local", _environment.ServiceName], [1]);
        }

        Span<double> values = stackalloc double[GatewayMetrics.Total];
        MetricValues.Fill(values, context, response, elapsed);
        var present = MetricValues.Present(values);
        var dimensions = context.Route?.Name is not { } route ? _withoutRoute
            : context.Route.Split is not null && context.Telemetry.UpstreamService is { } side ? SideDimensions(route, side)
            : _byRoute.GetOrAdd(route, static (name, service) => new Dimensions([[ServiceDimension], [ServiceDimension, RouteDimension]], [service, name]), _environment.ServiceName);
        var shapes = _shapes.GetOrAdd((dimensions, present), static (key, self) => self.CreateShapes(key.Item1, key.Item2), this);

        Span<double> sent = stackalloc double[GatewayMetrics.Total];
        var count = 0;
        for (var metric = 0; metric < values.Length; metric++)
        {
            if ((present & (1 << metric)) != 0)
            {
                sent[count++] = values[metric];
            }
        }
        _writer.Write(shapes, dimensions.Values, sent[..count]);
    }

    private IReadOnlyList<EmfDocumentShape> CreateShapes(Dimensions dimensions, int present) =>
        EmfDocumentShape.Create(_namespace, dimensions.Sets, GatewayMetrics.Definitions.Where((_, metric) => (present & (1 << metric)) != 0).ToArray());

    private Dimensions SideDimensions(string route, string side) =>
        _byRoute.GetOrAdd($"{route}\n{side}", static (_, state) => new Dimensions(
            [[ServiceDimension], [ServiceDimension, RouteDimension], [ServiceDimension, RouteDimension, UpstreamDimension]],
            [state.Service, state.Route, state.Side]), (Service: _environment.ServiceName, Route: route, Side: side));

    /// <summary>A route's dimension sets and their values; one instance per route (and split side), compared by reference.</summary>
    private sealed class Dimensions(string[][] sets, string[] values)
    {
        public string[][] Sets { get; } = sets;

        public string[] Values { get; } = values;
    }
}
