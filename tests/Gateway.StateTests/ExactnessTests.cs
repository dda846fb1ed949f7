using Gateway.Pipeline;
using Gateway.Stores.DynamoDb;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>
/// Several gateway instances (each with its own limiter and caches, as Lambda instances have) share one DynamoDB Local
/// table, and 8 clients hammer them at once with 4× the limit: no window ever admits more than the limit, and the exact
/// algorithms admit at least 95% of it.
/// </summary>
[Collection(DynamoDbCollection.Name)]
public sealed class ExactnessTests(DynamoDbFixture fixture)
{
    private const int Clients = 8;
    private const int Limit = 100;

    [Theory]
    [InlineData("fixedWindow", "")]
    [InlineData("slidingWindow", "")]
    [InlineData("tokenBucket", ", burst: 100")]
    public async Task Concurrent_instances_never_admit_more_than_the_limit_per_window(string algorithm, string burst)
    {
        var yaml = StateGateway.ItemsRouteLimitedBy($"          - {{ name: shared, by: global, algorithm: {algorithm}, requests: {Limit}, per: 10s{burst}, failMode: closed }}");
        var clock = new ManualTimeProvider();
        var gateway = await StateGateway.CreateAsync(new DynamoDbSource(fixture), yaml, clock);
        var instances = Enumerable.Range(0, Clients).Select(_ => gateway.NewInstance()).ToArray();

        for (var window = 0; window < 2; window++)
        {
            var admitted = await HammerAsync(instances, requestsPerClient: 4 * Limit);
            Assert.InRange(admitted, 95, Limit);
            // Two windows on, nothing of this one counts any more (the sliding window weighs the previous one).
            clock.Advance(TimeSpan.FromSeconds(20));
        }
    }

    [Fact]
    public async Task Layered_limits_are_checked_together_and_the_tightest_holds_exactly()
    {
        var yaml = StateGateway.ItemsRouteLimitedBy($$"""
                      - { name: route-wide, by: route, algorithm: fixedWindow, requests: {{Limit}}, per: 10s, failMode: closed }
                      - { name: per-ip, by: ip, algorithm: slidingWindow, requests: 1000, per: 10s, failMode: closed }
            """);
        var clock = new ManualTimeProvider();
        var gateway = await StateGateway.CreateAsync(new DynamoDbSource(fixture), yaml, clock);
        var instances = Enumerable.Range(0, Clients).Select(_ => gateway.NewInstance()).ToArray();

        var admitted = await HammerAsync(instances, requestsPerClient: 4 * Limit);

        Assert.InRange(admitted, 95, Limit);
    }

    [Fact]
    public async Task Leased_mode_never_admits_more_than_the_limit_and_strands_at_most_lease_minus_one_per_instance()
    {
        const int lease = 10;
        var yaml = StateGateway.ItemsRouteLimitedBy($"          - {{ name: leased, by: global, algorithm: fixedWindow, requests: {Limit}, per: 10s, mode: leased, lease: {lease}, failMode: closed }}");
        var clock = new ManualTimeProvider();
        var requests = new CountingHttpClientFactory();
        var table = await fixture.Db.CreateTableAsync();
        using var client = LocalDynamoDb.CreateClient(fixture.Db.Endpoint, TimeSpan.FromSeconds(10), requests);
        var (counters, breakers) = DynamoDbStores.Create(client, table, TimeSpan.FromSeconds(10), clock);
        var gateway = new StateGateway(yaml, counters, breakers, clock);

        // Under load every leased token is spent: the window admits the limit exactly, in a tenth of the writes.
        var busy = Enumerable.Range(0, Clients).Select(_ => gateway.NewInstance()).ToArray();
        var admitted = await HammerAsync(busy, requestsPerClient: 4 * Limit);
        Assert.Equal(Limit, admitted);
        // Ten leases, plus per instance a few refused writes: to learn another instance started the window, to learn
        // it is used up, and the odd race; and its presence check-in (a few writes when all instances race for it).
        Assert.InRange(requests.Count("UpdateItem"), Limit / lease, (Limit / lease) + (3 * Clients) + (3 * Clients));

        // When traffic stops, tokens leased by quiet instances go unused: at most lease − 1 each.
        clock.Advance(TimeSpan.FromSeconds(10));
        var quiet = Enumerable.Range(0, 4).Select(_ => gateway.NewInstance()).ToArray();
        var total = 0;
        foreach (var instance in quiet)
        {
            total += await AdmitAllAsync(instance, 1);
        }
        total += await AdmitAllAsync(quiet[0], 4 * Limit);
        Assert.Equal(Limit - ((quiet.Length - 1) * (lease - 1)), total);
    }

    private static async Task<int> HammerAsync(GatewayHandler[] instances, int requestsPerClient)
    {
        var counts = await Task.WhenAll(instances.Select(instance => Task.Run(() => AdmitAllAsync(instance, requestsPerClient))));
        return counts.Sum();
    }

    private static async Task<int> AdmitAllAsync(GatewayHandler instance, int requests)
    {
        var admitted = 0;
        for (var i = 0; i < requests; i++)
        {
            var response = await StateGateway.GetAsync(instance);
            Assert.True(response.StatusCode is 200 or 429, $"unexpected {response.StatusCode}: {Requests.BodyText(response)}");
            admitted += response.StatusCode == 200 ? 1 : 0;
        }
        return admitted;
    }
}
