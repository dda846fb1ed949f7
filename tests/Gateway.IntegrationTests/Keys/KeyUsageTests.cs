using Gateway.Cli.Keys;
using Gateway.Configuration;
using Gateway.Policies.RateLimiting;
using Gateway.State;
using Gateway.Stores.DynamoDb;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Keys;

/// <summary>
/// <c>gatewayctl keys usage</c> against DynamoDB Local: what the proxy's counters hold for the key's tenant, limit by
/// limit of its plan (rate, per-route rate, quota), read from the item shapes the proxy writes.
/// </summary>
public sealed class KeyUsageTests
{
    private static readonly DateTimeOffset Now = ManualTimeProvider.Epoch;

    private static readonly GatewayConfig Config = new GatewayConfigLoader().Parse("""
        gateway: { name: usage-test }
        services: { s: { url: "https://s.example.com" } }
        routes:
          - { name: orders, path: /orders, service: s, auth: apiKey }
          - { name: reports, path: /reports, service: s, auth: apiKey }
        usagePlans:
          free:
            rate: { requests: 5, per: 1s, burst: 10 }
            quota: { limit: 1000, period: day }
            routes:
              reports: { requests: 1, per: 1s, burst: 2 }
        """, "usage-test.yaml").GetConfigOrThrow();

    [Fact]
    public async Task Usage_shows_each_limit_of_the_plan_as_the_proxys_counters_hold_it_for_the_keys_tenant()
    {
        await using var dynamo = await LocalDynamoDb.StartAsync();
        var table = await dynamo.CreateTableAsync();
        var counters = new DynamoDbCounterStore(dynamo.Client, table, new CallTimeout(TimeSpan.FromSeconds(10)));
        var plan = Config.UsagePlans["free"];
        var rules = PlanRules.All(plan).ToDictionary(rule => rule.Name);
        // What the proxy would have written: 3 requests on the plan rate and the quota, 1 on the reports route's rate.
        await counters.ApplyAsync([Take(rules["plan:free"], "acme", 3), Take(rules["quota:free"], "acme", 3)], default);
        await counters.ApplyAsync([Take(rules["plan:free:reports"], "acme", 1)], default);

        var acme = await PlanUsage.ReadAsync(Key("acme"), plan, counters.ReadAsync, Now, default);
        var globex = await PlanUsage.ReadAsync(Key("globex"), plan, counters.ReadAsync, Now, default);

        Assert.Equal(
            [("plan:free", 3L, 10L), ("plan:free:reports", 1L, 2L), ("quota:free", 3L, 1000L)],
            acme.Select(limit => (limit.Name, limit.Used, limit.Limit)));
        Assert.All(globex, limit => Assert.Equal(0, limit.Used));
        Assert.Equal(TimeSpan.FromHours(14), acme.Single(limit => limit.Name == "quota:free").ResetAfter);
        Assert.Contains("1000 requests per day", acme[2].Description, StringComparison.Ordinal);
    }

    private static CounterWrite Take(LimitRule rule, string tenant, long amount) => rule.Algorithm.Take(rule.Key(tenant), null, amount, Now);

    private static ApiKeyRecord Key(string tenant) => new()
    {
        Id = "a000000000000001",
        Hash = new string('a', 64),
        Tenant = tenant,
        Plan = "free",
        Created = Now,
        LastFour = "0001",
    };
}
