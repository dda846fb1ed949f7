using Gateway.State;
using Gateway.Stores.DynamoDb;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>
/// Faults injected between the gateway and DynamoDB Local (a fault proxy on loopback): added latency beyond the
/// store timeout, stalls, resets, dropped connections and garbage. Each limit applies its fail mode with no 500, the
/// failures are counted, and once the fault clears the gateway goes back to the shared counters by itself.
/// </summary>
[Collection(DynamoDbCollection.Name)]
public sealed class StoreFaultTests(DynamoDbFixture fixture)
{
    private const string Config = """
        gateway: { storeTimeout: 250ms }
        services:
          api: { url: "http://upstream.test", retry: { attempts: 1 } }
        routes:
          - name: lenient
            path: /lenient
            service: api
            policies:
              rateLimit:
                limits: [{ name: lenient, by: global, algorithm: fixedWindow, requests: 3, per: 1m, failMode: open }]
          - name: strict
            path: /strict
            service: api
            policies:
              rateLimit:
                limits: [{ name: strict, by: global, algorithm: fixedWindow, requests: 3, per: 1m, failMode: closed }]
        """;

    [Theory]
    [InlineData(Fault.Latency)]
    [InlineData(Fault.Stall)]
    [InlineData(Fault.Reset)]
    [InlineData(Fault.Drop)]
    [InlineData(Fault.Garbage)]
    public async Task Each_store_fault_gets_the_configured_fail_mode_and_the_gateway_recovers_when_it_clears(Fault fault)
    {
        var db = fixture.Db;
        var table = await db.CreateTableAsync();
        await using var proxy = new FaultProxy(db.Server.Endpoint) { Latency = TimeSpan.FromSeconds(2) };
        using var client = LocalDynamoDb.CreateClient(proxy.BaseUrl, TimeSpan.FromMilliseconds(250));
        var clock = new ManualTimeProvider();
        var (counters, breakers) = DynamoDbStores.Create(client, table, TimeSpan.FromMilliseconds(250), clock);
        var gateway = new StateGateway(Config, counters, breakers, clock);
        var (a, b) = (gateway.NewInstance(), gateway.NewInstance());
        int Failures() => gateway.Telemetry.Requests.Sum(t => t.StoreFailures);

        // Healthy: two of the three /lenient requests of this minute are spent, in DynamoDB.
        var first = (await StateGateway.GetAsync(a, "/lenient")).StatusCode;
        var second = (await StateGateway.GetAsync(a, "/lenient")).StatusCode;
        Assert.Equal((200, 200), (first, second));
        Assert.Equal(0, Failures());

        proxy.Fault = fault;
        proxy.BreakConnections();
        var lenient = await StateGateway.GetAsync(a, "/lenient");
        var strict = await StateGateway.GetAsync(a, "/strict");

        Assert.Equal(200, lenient.StatusCode);
        Assert.Equal(503, strict.StatusCode);
        Assert.Contains("\"code\":\"limit_unavailable\"", Requests.BodyText(strict), StringComparison.Ordinal);
        Assert.True(Failures() >= 1, $"no store failure was counted for {fault}");

        proxy.Fault = Fault.None;
        proxy.BreakConnections();
        clock.Advance(StoreOutage.RetryDelay + TimeSpan.FromMilliseconds(1));
        var failuresAfterFault = Failures();

        // Recovered: the other instance sees the shared count again. The two healthy admissions are in it (a write
        // that timed out may have landed too, so at most one more is admitted), and the limit holds.
        var afterwards = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            afterwards.Add((await StateGateway.GetAsync(b, "/lenient")).StatusCode);
        }
        Assert.InRange(afterwards.Count(status => status == 200), 0, 1);
        Assert.Equal(429, afterwards[^1]);
        Assert.Equal(200, (await StateGateway.GetAsync(b, "/strict")).StatusCode);
        Assert.Equal(failuresAfterFault, Failures());
        Assert.DoesNotContain(gateway.Telemetry.Requests, t => t.ErrorCode == "internal_error");
    }

    [Fact]
    public async Task An_error_dynamodb_itself_returns_is_a_store_failure_too_not_a_500()
    {
        // A table that does not exist makes DynamoDB answer with an error (ResourceNotFoundException), as throttling
        // (ProvisionedThroughputExceededException) or an internal error would: service errors, not network ones.
        var db = fixture.Db;
        var clock = new ManualTimeProvider();
        var (counters, breakers) = DynamoDbStores.Create(db.Client, "no-such-table", TimeSpan.FromSeconds(2), clock);
        var gateway = new StateGateway(Config, counters, breakers, clock);
        var instance = gateway.NewInstance();

        var lenient = await StateGateway.GetAsync(instance, "/lenient");
        var strict = await StateGateway.GetAsync(instance, "/strict");

        Assert.Equal(200, lenient.StatusCode);
        Assert.Equal(503, strict.StatusCode);
        Assert.True(gateway.Telemetry.Requests.Sum(t => t.StoreFailures) >= 1);
    }
}
