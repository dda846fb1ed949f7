using Gateway.Stores.DynamoDb;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>
/// DynamoDB Local is stopped in the middle of the test: limits that fail open keep admitting (bounded by the local
/// backstop), limits that fail closed answer 503 <c>limit_unavailable</c>, the breaker carries on with local state,
/// every failure is counted, and no client ever sees a 500. This test owns its DynamoDB Local, since it kills it.
/// </summary>
public sealed class StoreFailureTests
{
    private const string Config = """
        services:
          api:
            url: "http://upstream.test"
            retry: { attempts: 1 }
            circuitBreaker: { failureThreshold: 2, openDuration: 10s, stateCacheTtl: 1s }
        routes:
          - name: lenient
            path: /lenient
            service: api
            policies:
              rateLimit:
                limits: [{ name: lenient, by: global, algorithm: fixedWindow, requests: 5, per: 10s, failMode: open }]
          - name: strict
            path: /strict
            service: api
            policies:
              rateLimit:
                limits: [{ name: strict, by: ip, algorithm: tokenBucket, requests: 5, per: 10s, failMode: closed }]
        """;

    [Fact]
    public async Task Stopping_DynamoDB_gives_each_limit_its_fail_mode_and_never_a_500()
    {
        await using var db = await LocalDynamoDb.StartAsync();
        var table = await db.CreateTableAsync();
        var clock = new ManualTimeProvider();
        // Generous while DynamoDB is up (a loaded machine must not fail early); a stopped one refuses at once anyway.
        var (counters, breakers) = DynamoDbStores.Create(db.Client, table, TimeSpan.FromSeconds(2), clock);
        var gateway = new StateGateway(Config, counters, breakers, clock);
        var instance = gateway.NewInstance();

        var first = await StateGateway.GetAsync(instance, "/lenient");
        Assert.True(first.StatusCode == 200, Requests.BodyText(first));
        Assert.Equal(200, (await StateGateway.GetAsync(instance, "/strict")).StatusCode);
        Assert.Equal(0, gateway.Telemetry.Requests.Sum(t => t.StoreFailures));

        await db.Server.StopAsync();

        // Fail open: admitted, but this instance still holds the limit in memory, from the count the store last
        // returned (one of the five already spent).
        var lenient = new List<int>();
        for (var i = 0; i < 7; i++)
        {
            lenient.Add((await StateGateway.GetAsync(instance, "/lenient")).StatusCode);
        }
        Assert.Equal([200, 200, 200, 200, 429, 429, 429], lenient);
        Assert.True(gateway.Telemetry.Requests.Sum(t => t.StoreFailures) >= 1);

        // Fail closed: a clear 503, with Retry-After and the limit named.
        var strict = await StateGateway.GetAsync(instance, "/strict");
        Assert.Equal(503, strict.StatusCode);
        Assert.Equal("1", strict.Headers.Get("Retry-After"));
        Assert.Contains("\"code\":\"limit_unavailable\"", Requests.BodyText(strict));
        Assert.Contains("\"limit\":\"strict\"", Requests.BodyText(strict));

        // Once the outage pause is over the store is tried again, fails again, and is counted again.
        clock.Advance(TimeSpan.FromSeconds(10));
        var failuresBefore = gateway.Telemetry.Requests.Sum(t => t.StoreFailures);
        gateway.Upstream.RespondWith(502);
        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await StateGateway.GetAsync(instance, "/lenient")).StatusCode);
        }
        Assert.True(gateway.Telemetry.Requests.Sum(t => t.StoreFailures) > failuresBefore);
        // The breaker runs on this instance's own state meanwhile: two failures open it, and it stops calling the upstream.
        Assert.Equal([502, 502, 503, 503], statuses);
        Assert.Equal(2 + 4 + 2, gateway.Upstream.Calls);
        Assert.DoesNotContain(gateway.Telemetry.Requests, t => t.ErrorCode == "internal_error");
    }
}
