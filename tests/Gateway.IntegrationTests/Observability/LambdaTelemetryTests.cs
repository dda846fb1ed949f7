using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Lambda;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Observability;

/// <summary>What the proxy Lambda writes to stdout around real invocations: Powertools-shaped logs and EMF.</summary>
public sealed class LambdaTelemetryTests : IAsyncLifetime
{
    private const string Config = """
        gateway: { name: telemetry-test }
        services:
          api: { url: "${env.UPSTREAM}", timeouts: { read: 2s } }
          dead: { url: "${env.DEAD}" }
        routes:
          - { name: items, path: "/items/{id}", service: api }
          - { name: dead, path: /dead, service: dead }
        """;

    private TestUpstream _upstream = null!;
    private string _configFile = null!;

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.StartAsync();
        _configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_configFile, Config);
    }

    public async Task DisposeAsync()
    {
        await _upstream.DisposeAsync();
        File.Delete(_configFile);
    }

    private ProxyFunction Function(LogCapture logs, Dictionary<string, string>? extra = null)
    {
        var variables = new Dictionary<string, string>
        {
            ["GATEWAY_CONFIG"] = _configFile,
            ["UPSTREAM"] = _upstream.BaseUrl,
            ["DEAD"] = $"http://127.0.0.1:{RawTcpUpstream.UnusedPort()}",
            ["POWERTOOLS_SERVICE_NAME"] = "gateway-under-test",
            ["POWERTOOLS_METRICS_NAMESPACE"] = "GatewayTests",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "ProxyFunction",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "512",
            ["_X_AMZN_TRACE_ID"] = "Root=1-65f1c2a0-4f2b6c9d8e7a6b5c4d3e2f1a;Parent=53995c3f42cd8ad8;Sampled=1",
        };
        foreach (var (name, value) in extra ?? [])
        {
            variables[name] = value;
        }
        return new ProxyFunction(name => variables.GetValueOrDefault(name), logs.Output);
    }

    private static Stream Event(string path, string requestId, params (string Name, string Value)[] headers)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Events, "proxy-get-hello.json")))!;
        node["rawPath"] = path;
        node["requestContext"]!["requestId"] = requestId;
        foreach (var (name, value) in headers)
        {
            node["headers"]![name] = value;
        }
        return new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString()));
    }

    [Fact]
    public async Task At_Lambdas_WARN_level_the_access_lines_are_dropped_but_the_EMF_documents_stay()
    {
        var logs = new LogCapture();
        var function = Function(logs, new() { ["AWS_LAMBDA_LOG_LEVEL"] = "WARN" });

        await function.HandleAsync(Event("/items/7", "apigw-1"));
        await function.HandleAsync(Event("/dead", "apigw-2"));

        // PowertoolsJsonLoggerTests shows warnings and errors kept at this level.
        Assert.DoesNotContain(logs.Documents, d => d.TryGetProperty("level", out var level) && level.GetString() is "INFO" or "DEBUG" or "TRACE");
        Assert.Equal(2, logs.Documents.Count(d => d.TryGetProperty("_aws", out _) && d.TryGetProperty("Requests", out _)));
    }

    [Fact]
    public async Task Where_the_runtime_gives_them_the_lines_carry_lambdas_request_id_the_invoked_arn_and_the_version()
    {
        const string Arn = "arn:aws:lambda:eu-west-1:123456789012:function:ProxyFunction:live";
        var logs = new LogCapture();
        var function = Function(logs, new() { ["AWS_LAMBDA_FUNCTION_VERSION"] = "7" });

        await function.HandleAsync(Event("/items/7", "apigw-1"), new InvocationContext("8476a536-e9f4-11e8-9739-2dfe598c3fcd", DateTimeOffset.UtcNow.AddSeconds(30), Arn));

        var access = Assert.Single(logs.Documents, d => d.TryGetProperty("message", out var m) && m.GetString() == "request completed");
        Assert.Equal("8476a536-e9f4-11e8-9739-2dfe598c3fcd", access.GetProperty("function_request_id").GetString());
        Assert.Equal("apigw-1", access.GetProperty("correlation_id").GetString());
        Assert.Equal(Arn, access.GetProperty("function_arn").GetString());
        Assert.Equal("7", access.GetProperty("function_version").GetString());
    }

    [Fact]
    public async Task Each_invocation_writes_one_access_line_with_powertools_and_gateway_keys()
    {
        var logs = new LogCapture();
        var function = Function(logs);

        await function.HandleAsync(Event("/items/7", "apigw-1"));

        var access = Assert.Single(logs.Documents, d => d.TryGetProperty("message", out var m) && m.GetString() == "request completed");
        foreach (var key in new[] { "level", "message", "timestamp", "service", "cold_start", "function_name", "function_memory_size", "function_request_id", "xray_trace_id", "correlation_id" })
        {
            Assert.True(access.TryGetProperty(key, out _), $"missing {key}");
        }
        Assert.Equal("INFO", access.GetProperty("level").GetString());
        Assert.Equal("gateway-under-test", access.GetProperty("service").GetString());
        Assert.Equal("apigw-1", access.GetProperty("function_request_id").GetString());
        Assert.Equal("1-65f1c2a0-4f2b6c9d8e7a6b5c4d3e2f1a", access.GetProperty("xray_trace_id").GetString());
        Assert.Equal("items", access.GetProperty("route").GetString());
        Assert.Equal("api", access.GetProperty("upstream_service").GetString());
        Assert.Equal("GET", access.GetProperty("method").GetString());
        Assert.Equal("/items/7", access.GetProperty("path").GetString());
        Assert.Equal(200, access.GetProperty("status").GetInt32());
        Assert.True(access.GetProperty("response_time_ms").GetDouble() > 0);
        Assert.True(access.GetProperty("upstream_time_ms").GetDouble() > 0);
        Assert.False(access.GetProperty("rate_limited").GetBoolean());
        Assert.Equal(_upstream.Last.Header("X-Request-ID"), access.GetProperty("correlation_id").GetString());
    }

    [Fact]
    public async Task Each_invocation_flushes_valid_emf_once_and_the_first_also_a_cold_start()
    {
        var logs = new LogCapture();
        var function = Function(logs);

        await function.HandleAsync(Event("/items/7", "a"));
        await function.HandleAsync(Event("/dead", "b"));
        await function.HandleAsync(Event("/nowhere", "c"));

        var emf = logs.Documents.Where(EmfSpecification.IsEmf).ToArray();
        Assert.All(emf, document => Assert.Empty(EmfSpecification.Violations(document)));
        var coldStart = Assert.Single(emf, d => d.TryGetProperty("ColdStart", out _));
        // Powertools for AWS Lambda (.NET)'s names: the cold start under FunctionName and Service.
        Assert.Equal(("ProxyFunction", "gateway-under-test"), (coldStart.GetProperty("FunctionName").GetString(), coldStart.GetProperty("Service").GetString()));
        var requests = emf.Where(d => d.TryGetProperty("Requests", out _)).ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, d => Assert.Equal("GatewayTests", d.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Namespace").GetString()));
        Assert.All(requests, d => Assert.Equal("gateway-under-test", d.GetProperty("Service").GetString()));
        Assert.Equal("items", requests[0].GetProperty("Route").GetString());
        Assert.Equal(("dead", 1), (requests[1].GetProperty("Route").GetString(), requests[1].GetProperty("5xx").GetInt32()));
        Assert.False(requests[2].TryGetProperty("Route", out _));
        Assert.Equal(1, requests[2].GetProperty("4xx").GetInt32());
        // A zero is never sent (each metric sent is a billed custom metric); the count and latency always are.
        Assert.All(requests, d => Assert.True(d.TryGetProperty("Requests", out _) && d.TryGetProperty("Latency", out _)));
        Assert.Equal(["Latency", "Requests", "UpstreamLatency"], MetricNames(requests[0]));
        Assert.Equal(["5xx", "Latency", "Requests", "UpstreamLatency"], MetricNames(requests[1]));
        Assert.Equal(["4xx", "Latency", "Requests"], MetricNames(requests[2]));
        Assert.All(requests, d => Assert.All(MetricNames(d), name => Assert.NotEqual(0, d.GetProperty(name).GetDouble())));
    }

    private static string[] MetricNames(JsonElement document) =>
        [.. document.GetProperty("_aws").GetProperty("CloudWatchMetrics")[0].GetProperty("Metrics").EnumerateArray()
            .Select(metric => metric.GetProperty("Name").GetString()!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task The_level_is_read_from_powertools_log_level()
    {
        var logs = new LogCapture();
        var function = Function(logs, new() { ["POWERTOOLS_LOG_LEVEL"] = "WARN" });

        await function.HandleAsync(Event("/items/7", "a"));

        Assert.DoesNotContain(logs.Documents, d => d.TryGetProperty("level", out _));
        Assert.Contains(logs.Documents, EmfSpecification.IsEmf);
    }
}
