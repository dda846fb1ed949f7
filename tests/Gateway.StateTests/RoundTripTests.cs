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
    [Fact]
    public async Task One_limit_and_a_closed_breaker_cost_one_write_per_request_and_one_read_per_cache_refresh()
    {
        const string yaml = """
            services:
              api: { url: "http://upstream.test", circuitBreaker: { stateCacheTtl: 1s } }
            routes:
              - name: items
                path: /items
                service: api
                policies:
                  rateLimit:
                    limits: [{ name: per-ip, by: ip, algorithm: slidingWindow, requests: 1000, per: 1m }]
            """;
        var clock = new ManualTimeProvider();
        var requests = new CountingHttpClientFactory();
        using var client = LocalDynamoDb.CreateClient(fixture.Db.Endpoint, TimeSpan.FromSeconds(10), requests);
        var (counters, breakers) = DynamoDbStores.Create(client, await fixture.Db.CreateTableAsync(), TimeSpan.FromSeconds(10), clock);
        var instance = new StateGateway(yaml, counters, breakers, clock).NewInstance();
        requests.Reset();

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(200, (await StateGateway.GetAsync(instance)).StatusCode);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // 50 requests over 0.5 s: the first read the breaker, none other did. One more write is the instance's
        // presence check-in (once per 10 s, for the fail-open backstop's share).
        Assert.Equal(50 + 1, requests.Count("UpdateItem"));
        Assert.Equal(1, requests.Count("GetItem"));
        Assert.Equal(52, requests.Total);

        clock.Advance(TimeSpan.FromSeconds(1));
        await StateGateway.GetAsync(instance);
        Assert.Equal(2, requests.Count("GetItem"));
    }

    [Fact]
    public async Task Health_stored_by_the_checker_travels_with_the_breaker_read_and_costs_no_extra_round_trip()
    {
        const string yaml = """
            services:
              api:
                instances: [{ url: "http://a.upstream.test" }, { url: "http://b.upstream.test" }]
                retry: { attempts: 1 }
                circuitBreaker: { stateCacheTtl: 1s }
                healthCheck: { path: /healthz }
            routes:
              - name: items
                path: /items
                service: api
                policies:
                  rateLimit:
                    limits: [{ name: per-ip, by: ip, algorithm: slidingWindow, requests: 1000, per: 1m }]
            """;
        var clock = new ManualTimeProvider();
        var requests = new CountingHttpClientFactory();
        using var client = LocalDynamoDb.CreateClient(fixture.Db.Endpoint, TimeSpan.FromSeconds(10), requests);
        var (counters, breakers) = DynamoDbStores.Create(client, await fixture.Db.CreateTableAsync(), TimeSpan.FromSeconds(10), clock);
        await breakers.RecordHealthAsync(new BreakerKey("api", "http://b.upstream.test/"), unhealthy: true, streak: 0, default);
        var gateway = new StateGateway(yaml, counters, breakers, clock);
        var instance = gateway.NewInstance();
        requests.Reset();

        for (var i = 0; i < 50; i++)
        {
            Assert.Equal(200, (await StateGateway.GetAsync(instance)).StatusCode);
            clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        // One read per instance's breaker item (b's carries its health), then none: the same budget as without health.
        Assert.Equal(2, requests.Count("GetItem"));
        Assert.Equal(50 + 1, requests.Count("UpdateItem"));
        Assert.Equal(53, requests.Total);
        Assert.Equal(50, gateway.Upstream.Calls);
        Assert.DoesNotContain(gateway.Upstream.Targets, target => target.Host == "b.upstream.test");
    }
}
