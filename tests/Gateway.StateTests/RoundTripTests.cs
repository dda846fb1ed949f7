using Amazon.DynamoDBv2;
using Gateway.State;
using Gateway.Stores.DynamoDb;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>
/// The hot-path budget, counted in the SDK's HTTP pipeline: with one limit and the breaker closed, one DynamoDB write
/// per request, and no breaker read between cache refreshes.
/// </summary>
[Collection(DynamoDbCollection.Name)]
public sealed class RoundTripTests(DynamoDbFixture fixture)
{
    /// <summary>One route, GET /items, under one limit: one counter write per request.</summary>
    private const string ItemsRoute = """
        routes:
          - name: items
            path: /items
            service: api
            policies:
              rateLimit:
                limits: [{ name: per-ip, by: ip, algorithm: slidingWindow, requests: 1000, per: 1m }]
        """;

    [Fact]
    public async Task One_limit_and_a_closed_breaker_cost_one_write_per_request_and_one_read_per_cache_refresh()
    {
        using var stores = await CountedStores.CreateAsync(fixture);
        var instance = new StateGateway("""
            services:
              api: { url: "http://upstream.test", circuitBreaker: { stateCacheTtl: 1s } }
            """ + "\n" + ItemsRoute, stores.Counters, stores.Breakers, stores.Clock).NewInstance();
        stores.Requests.Reset();

        await SendFiftyAsync(instance, stores.Clock);

        // 50 requests over 0.5 s: the first read the breaker, none other did. One more write is the instance's
        // presence check-in (once per 10 s, for the fail-open backstop's share).
        Assert.Equal(50 + 1, stores.Requests.Count("UpdateItem"));
        Assert.Equal(1, stores.Requests.Count("GetItem"));
        Assert.Equal(52, stores.Requests.Total);

        stores.Clock.Advance(TimeSpan.FromSeconds(1));
        await StateGateway.GetAsync(instance);
        Assert.Equal(2, stores.Requests.Count("GetItem"));
    }

    [Fact]
    public async Task Health_stored_by_the_checker_travels_with_the_breaker_read_and_costs_no_extra_round_trip()
    {
        using var stores = await CountedStores.CreateAsync(fixture);
        await stores.Breakers.RecordHealthAsync(new BreakerKey("api", "http://b.upstream.test/"), unhealthy: true, streak: 0, default);
        var gateway = new StateGateway("""
            services:
              api:
                instances: [{ url: "http://a.upstream.test" }, { url: "http://b.upstream.test" }]
                retry: { attempts: 1 }
                circuitBreaker: { stateCacheTtl: 1s }
                healthCheck: { path: /healthz }
            """ + "\n" + ItemsRoute, stores.Counters, stores.Breakers, stores.Clock);
        var instance = gateway.NewInstance();
        stores.Requests.Reset();

        await SendFiftyAsync(instance, stores.Clock);

        // One read per instance's breaker item (b's carries its health), then none: the same budget as without health.
        Assert.Equal(2, stores.Requests.Count("GetItem"));
        Assert.Equal(50 + 1, stores.Requests.Count("UpdateItem"));
        Assert.Equal(53, stores.Requests.Total);
        Assert.Equal(50, gateway.Upstream.Calls);
        Assert.DoesNotContain(gateway.Upstream.Targets, target => target.Host == "b.upstream.test");
    }

    /// <summary>50 requests, 10 ms apart: well inside one breaker cache period of 1 s.</summary>
    private static async Task SendFiftyAsync(Pipeline.GatewayHandler instance, ManualTimeProvider clock)
    {
        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(200, (await StateGateway.GetAsync(instance)).StatusCode);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>The DynamoDB stores on a fresh table, every call they make counted.</summary>
    private sealed class CountedStores(AmazonDynamoDBClient client, DynamoDbCounterStore counters, DynamoDbBreakerStore breakers, CountingHttpClientFactory requests, ManualTimeProvider clock)
        : IDisposable
    {
        public DynamoDbCounterStore Counters => counters;

        public DynamoDbBreakerStore Breakers => breakers;

        public CountingHttpClientFactory Requests => requests;

        public ManualTimeProvider Clock => clock;

        public static async Task<CountedStores> CreateAsync(DynamoDbFixture fixture)
        {
            var clock = new ManualTimeProvider();
            var requests = new CountingHttpClientFactory();
            var client = LocalDynamoDb.CreateClient(fixture.Db.Endpoint, TimeSpan.FromSeconds(10), requests);
            var (counters, breakers) = DynamoDbStores.Create(client, await fixture.Db.CreateTableAsync(), TimeSpan.FromSeconds(10), clock);
            return new CountedStores(client, counters, breakers, requests, clock);
        }

        public void Dispose() => client.Dispose();
    }
}
