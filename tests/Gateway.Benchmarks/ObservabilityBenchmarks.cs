using BenchmarkDotNet.Attributes;
using Gateway.Http;
using Gateway.LocalHost.Metrics;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Observability.Metrics;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.Benchmarks;

/// <summary>Each observer alone, on one completed request: where the logging and metrics time goes.</summary>
[MemoryDiagnoser]
public class ObservabilityBenchmarks
{
    private AccessLogObserver _accessLog = null!;
    private EmfMetricsObserver _emf = null!;
    private GatewayPrometheusMetrics _prometheus = null!;
    private GatewayContext _context = null!;
    private GatewayResponse _response = null!;

    [GlobalSetup]
    public void Setup()
    {
        var execution = ExecutionEnvironment.FromEnvironment(name => name == "AWS_LAMBDA_FUNCTION_NAME" ? "ProxyFunction" : null, "benchmark");
        execution.BeginInvocation("Xk3a1hTZjoEEJ9g=", "Root=1-65f1c2a0-4f2b6c9d8e7a6b5c4d3e2f1a;Parent=53995c3f42cd8ad8;Sampled=1");
        execution.BeginInvocation("Xk3a1hTZjoEEJ9g=", null);
        var output = new LogOutput(Stream.Null);
        var logging = GatewayLogging.CreateFactory(execution, new LogLevelSettings(LogLevel.Information), output, TimeProvider.System);
        _accessLog = new AccessLogObserver(logging.CreateLogger<AccessLogObserver>());
        _emf = new EmfMetricsObserver("Benchmark", new EmfWriter(output, TimeProvider.System), execution);
        _prometheus = new GatewayPrometheusMetrics();

        var request = new GatewayRequest { Method = "GET", Path = "/orders/42" };
        request.Headers.Add("x-amzn-trace-id", "Root=1-65f1c2a0-4f2b6c9d8e7a6b5c4d3e2f1a");
        var config = new Configuration.GatewayConfigLoader(Policies.PolicyCatalog.Default, _ => null)
            .Parse("services: { s: { url: http://s.test } }\nroutes: [ { name: get-order, path: \"/orders/{id}\", service: s } ]", "b.yaml").GetConfigOrThrow();
        var gateway = Composition.GatewayBuilder.Build(config, new Composition.GatewayServices { UpstreamClient = new HttpClient() });
        _context = new GatewayContext(request, "Xk3a1hTZjoEEJ9g=", new EdgeContext(null, null, StageContext.Default), default);
        typeof(GatewayContext).GetProperty(nameof(GatewayContext.Route))!.SetValue(_context, gateway.Config.Routes[0]);
        _context.Telemetry.UpstreamService = "s";
        _context.Telemetry.UpstreamTime = TimeSpan.FromMilliseconds(3.2);
        _response = new GatewayResponse(200);
    }

    [Benchmark(Description = "access log line (JSON, Powertools keys)")]
    public void AccessLog() => _accessLog.OnCompleted(_context, _response, TimeSpan.FromMilliseconds(4.1));

    [Benchmark(Description = "EMF document (13 metrics, [service] + [service, route])")]
    public void EmfDocument() => _emf.OnCompleted(_context, _response, TimeSpan.FromMilliseconds(4.1));

    [Benchmark(Description = "Prometheus histograms + counters (prometheus-net, serve)")]
    public void Prometheus() => _prometheus.OnCompleted(_context, _response, TimeSpan.FromMilliseconds(4.1));
}
