using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Lambda;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Lambda;

/// <summary>
/// Health checks where no code runs between invocations: the scheduled HealthCheckFunction probes each instance and
/// stores its verdict in the gateway's table (DynamoDB Local); the proxy Lambda, in another execution environment,
/// reads it with the breaker state and sends no client request to an instance found unhealthy.
/// </summary>
public sealed class HealthCheckFunctionTests : IAsyncLifetime
{
    private const string Config = """
        # DynamoDB Local's first writes are slower than the request path's 100 ms default.
        gateway: { name: health-test, storeTimeout: 5s }
        services:
          api:
            instances: [{ url: "${env.ALIVE}" }, { url: "${env.DEAD}" }]
            retry: { attempts: 1 }
            circuitBreaker: { stateCacheTtl: 100ms }
            healthCheck: { path: /healthz, interval: 5s, timeout: 500ms, healthyAfter: 1, unhealthyAfter: 2 }
        routes:
          - { name: items, path: "/items/{id}", service: api }
        """;

    private LocalDynamoDb _dynamo = null!;
    private TestUpstream _alive = null!;
    private string _configFile = null!;
    private Dictionary<string, string> _environment = null!;

    public async Task InitializeAsync()
    {
        _dynamo = await LocalDynamoDb.StartAsync();
        _alive = await TestUpstream.StartAsync();
        _configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(_configFile, Config);
        _environment = new Dictionary<string, string>
        {
            ["GATEWAY_CONFIG"] = _configFile,
            ["GATEWAY_TABLE_NAME"] = await _dynamo.CreateTableAsync(),
            ["AWS_ENDPOINT_URL_DYNAMODB"] = _dynamo.Endpoint,
            ["ALIVE"] = _alive.BaseUrl,
            // Nothing listens there: its probes fail, and so would any request sent to it.
            ["DEAD"] = $"http://127.0.0.1:{RawTcpUpstream.UnusedPort()}",
        };
    }

    public async Task DisposeAsync()
    {
        await _alive.DisposeAsync();
        await _dynamo.DisposeAsync();
        File.Delete(_configFile);
    }

    [Fact]
    public async Task An_instance_the_checker_finds_dead_gets_no_client_request_from_the_proxy()
    {
        var checker = new HealthCheckFunction(Variable, new LogCapture().Output);
        var proxy = new ProxyFunction(Variable, new LogCapture().Output);

        // unhealthyAfter: 2 — one failed round only starts the streak (kept in the table between invocations).
        Assert.Equal([("ALIVE", true), ("DEAD", true)], Verdicts(await RunAsync(checker)));
        Assert.Equal([("ALIVE", true), ("DEAD", false)], Verdicts(await RunAsync(checker)));
        await Task.Delay(150); // past the proxy's breaker cache

        var statuses = new List<int>();
        for (var i = 0; i < 20; i++)
        {
            statuses.Add(await GetAsync(proxy, $"/items/{i}"));
        }

        // Every request answered by the live instance at its one attempt: none was sent to the dead one.
        Assert.All(statuses, status => Assert.Equal(200, status));
        Assert.Equal(20, _alive.Received.Count(request => request.RawTarget.StartsWith("/items/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_every_instance_unhealthy_the_proxy_answers_503_upstream_unavailable()
    {
        _environment["ALIVE"] = _environment["DEAD"];
        var checker = new HealthCheckFunction(Variable, new LogCapture().Output);
        var proxy = new ProxyFunction(Variable, new LogCapture().Output);
        await RunAsync(checker);
        await RunAsync(checker);
        await Task.Delay(150);

        var response = await InvokeAsync(proxy, "/items/1");

        Assert.Equal(503, response["statusCode"]!.GetValue<int>());
        Assert.Equal("upstream_unavailable", JsonNode.Parse(response["body"]!.GetValue<string>())!["error"]!["code"]!.GetValue<string>());
    }

    private string? Variable(string name) => _environment.GetValueOrDefault(name);

    private (string, bool)[] Verdicts(JsonNode result) =>
        [.. result["instances"]!.AsArray().Select(instance => (
            _environment.First(pair => pair.Key is "ALIVE" or "DEAD" && instance!["instance"]!.GetValue<string>().StartsWith(pair.Value, StringComparison.Ordinal)).Key,
            instance!["healthy"]!.GetValue<bool>()))];

    private static async Task<JsonNode> RunAsync(HealthCheckFunction checker)
    {
        var scheduled = """{"version":"0","id":"53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa","detail-type":"Scheduled Event","source":"aws.events","account":"123456789012","time":"2026-12-05T23:00:00Z","region":"eu-west-1","resources":["arn:aws:events:eu-west-1:123456789012:rule/health"],"detail":{}}""";
        await using var output = await checker.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(scheduled)), InvocationContext.None);
        return (await JsonNode.ParseAsync(output))!;
    }

    private static async Task<int> GetAsync(ProxyFunction proxy, string path) => (await InvokeAsync(proxy, path))["statusCode"]!.GetValue<int>();

    private static async Task<JsonNode> InvokeAsync(ProxyFunction proxy, string path)
    {
        var proxyEvent = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Events, "proxy-get-hello.json")))!;
        proxyEvent["rawPath"] = path;
        proxyEvent["requestContext"]!["http"]!["path"] = path;
        proxyEvent["requestContext"]!["stage"] = "$default";
        await using var output = await proxy.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(proxyEvent.ToJsonString())), InvocationContext.None);
        return (await JsonNode.ParseAsync(output))!;
    }
}
