using BenchmarkDotNet.Attributes;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Lambda;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Observability.Metrics;
using Microsoft.Extensions.Logging;

namespace Gateway.Benchmarks;

/// <summary>
/// What the gateway itself costs per request: an HTTP API event in, the Lambda response out, with the upstream
/// replaced by an in-process stub. <see cref="UpstreamStubOnly"/> measures the stub alone, so its share can be
/// told apart from the gateway's.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const string Config = """
        services:
          orders: { url: "http://orders.internal" }
        routes:
          - { name: list-orders, path: /orders, methods: [GET, POST], service: orders }
          - { name: order-items, path: "/orders/{id}/items", methods: [GET], service: orders }
          - { name: everything-else, path: "/{proxy+}", service: orders }
          - name: get-order
            path: "/orders/{id}"
            methods: [GET]
            service: orders
            policies:
              requestHeaders:
                set:
                  X-Api-Version: "2"
                  X-Order-Id: "${route.param.id}"
        """;

    internal static readonly byte[] GetOrderEvent = """
        {
          "version": "2.0",
          "routeKey": "ANY /{proxy+}",
          "rawPath": "/orders/42",
          "rawQueryString": "expand=items",
          "headers": {
            "accept": "application/json",
            "host": "abc123.execute-api.eu-west-1.amazonaws.com",
            "user-agent": "curl/8.5.0",
            "x-amzn-trace-id": "Root=1-65f1c2a0-4f2b6c9d8e7a6b5c4d3e2f1a",
            "x-forwarded-for": "198.51.100.23",
            "x-forwarded-port": "443",
            "x-forwarded-proto": "https"
          },
          "queryStringParameters": { "expand": "items" },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
            "domainPrefix": "abc123",
            "http": { "method": "GET", "path": "/orders/42", "protocol": "HTTP/1.1", "sourceIp": "198.51.100.23", "userAgent": "curl/8.5.0" },
            "requestId": "Xk3a1hTZjoEEJ9g=",
            "routeKey": "ANY /{proxy+}",
            "stage": "$default",
            "time": "22/Nov/2026:09:15:02 +0000",
            "timeEpoch": 1795338902000
          },
          "isBase64Encoded": false
        }
        """u8.ToArray();

    private ProxyFunction _function = null!;
    private ProxyFunction _observedFunction = null!;
    private HttpMessageInvoker _stub = null!;

    [GlobalSetup]
    public void Setup()
    {
        var config = new GatewayConfigLoader(Policies.PolicyCatalog.Default, _ => null).Parse(Config, "benchmark.yaml").GetConfigOrThrow();
        _function = new ProxyFunction(GatewayBuilder.Build(config, Services([])));

        // Lambda's observers at the default level (one access line, one EMF document), written to a null stream so
        // that what is measured is the gateway's work, not the terminal's.
        var execution = ExecutionEnvironment.FromEnvironment(name => name == "AWS_LAMBDA_FUNCTION_NAME" ? "ProxyFunction" : null, "benchmark");
        var output = new LogOutput(Stream.Null);
        var logging = GatewayLogging.CreateFactory(execution, new LogLevelSettings(LogLevel.Information), output, TimeProvider.System);
        _observedFunction = new ProxyFunction(GatewayBuilder.Build(config, Services(
        [
            new AccessLogObserver(logging.CreateLogger<AccessLogObserver>()),
            new EmfMetricsObserver("Benchmark", new EmfWriter(output, TimeProvider.System), execution),
        ]) with { LoggerFactory = logging }));
        _stub = new HttpMessageInvoker(new InProcessUpstream());
    }

    [Benchmark(Baseline = true, Description = "GET, route match + 2 header transforms, Lambda event in → response out")]
    public Task<long> LambdaGetWithTwoHeaderTransforms() => InvokeAsync(_function);

    [Benchmark(Description = "the same, with the access log and EMF metrics (info level)")]
    public Task<long> LambdaGetWithLogsAndMetrics() => InvokeAsync(_observedFunction);

    private static GatewayServices Services(IReadOnlyList<IRequestObserver> observers) => new()
    {
        UpstreamClient = new HttpClient(new InProcessUpstream()) { Timeout = Timeout.InfiniteTimeSpan },
        Observers = observers,
    };

    private static async Task<long> InvokeAsync(ProxyFunction function)
    {
        await using var output = await function.HandleAsync(new MemoryStream(GetOrderEvent, writable: false));
        return output.Length;
    }

    [Benchmark(Description = "the upstream stub alone (request + response objects)")]
    public async Task<int> UpstreamStubOnly()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://orders.internal/orders/42?expand=items");
        using var response = await _stub.SendAsync(request, CancellationToken.None);
        return (int)response.StatusCode;
    }
}
