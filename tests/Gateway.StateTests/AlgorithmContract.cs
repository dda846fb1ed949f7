using Gateway.Policies.RateLimiting;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>
/// Each algorithm's window and refill behaviour through the whole gateway, on a clock the test moves: the same
/// expectations on the in-memory store and on DynamoDB Local.
/// </summary>
public abstract class AlgorithmContract(IStoreSource source)
{
    // A Sunday evening at the end of January: day, ISO-week and month boundaries are all near.
    private static readonly DateTimeOffset Start = new(2100, 1, 31, 23, 59, 50, TimeSpan.Zero);

    private static string Limit(string algorithm, string rate) =>
        StateGateway.ItemsRouteLimitedBy($"          - {{ name: the-limit, by: ip, algorithm: {algorithm}, {rate} }}");

    private async Task<(Pipeline.GatewayHandler Gateway, ManualTimeProvider Clock)> BuildAsync(string yaml, DateTimeOffset? start = null)
    {
        var clock = new ManualTimeProvider(start ?? ManualTimeProvider.Epoch);
        var gateway = await StateGateway.CreateAsync(source, yaml, clock);
        return (gateway.NewInstance(), clock);
    }

    private static async Task<int> AdmittedAsync(Pipeline.GatewayHandler gateway, int requests, Pipeline.EdgeContext? edge = null)
    {
        var admitted = 0;
        for (var i = 0; i < requests; i++)
        {
            var response = await StateGateway.GetAsync(gateway, edge: edge);
            Assert.True(response.StatusCode is 200 or 429, $"unexpected {response.StatusCode}: {Requests.BodyText(response)}");
            admitted += response.StatusCode == 200 ? 1 : 0;
        }
        return admitted;
    }

    [Fact]
    public async Task Fixed_window_admits_the_limit_per_window_and_resets_at_the_boundary()
    {
        var (gateway, clock) = await BuildAsync(Limit("fixedWindow", "requests: 3, per: 10s"), ManualTimeProvider.Epoch.AddSeconds(2));

        var first = await StateGateway.GetAsync(gateway);
        Assert.Equal("3", first.Headers.Get(RateLimitHeaders.Limit));
        Assert.Equal("2", first.Headers.Get(RateLimitHeaders.Remaining));
        Assert.Equal("8", first.Headers.Get(RateLimitHeaders.Reset));
        Assert.Equal(2, await AdmittedAsync(gateway, 5));

        var refused = await StateGateway.GetAsync(gateway);
        Assert.Equal(429, refused.StatusCode);
        Assert.Equal("8", refused.Headers.Get("Retry-After"));
        Assert.Equal("0", refused.Headers.Get(RateLimitHeaders.LegacyRemaining));
        Assert.Contains("\"limit\":\"the-limit\"", Requests.BodyText(refused));

        clock.Advance(TimeSpan.FromSeconds(7.9));
        Assert.Equal(0, await AdmittedAsync(gateway, 1));
        clock.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(3, await AdmittedAsync(gateway, 5));
    }

    [Fact]
    public async Task Sliding_window_weighs_the_previous_window_by_what_is_left_of_it()
    {
        var (gateway, clock) = await BuildAsync(Limit("slidingWindow", "requests: 10, per: 10s"), ManualTimeProvider.Epoch.AddSeconds(5));

        Assert.Equal(10, await AdmittedAsync(gateway, 12));
        // 20% into the next window the previous 10 still weigh 8: room for 2.
        clock.Advance(TimeSpan.FromSeconds(7));
        Assert.Equal(2, await AdmittedAsync(gateway, 5));
        // Halfway they weigh 5, plus the 2 admitted: room for 3.
        clock.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(3, await AdmittedAsync(gateway, 5));
        // 40% into the window after, the first window no longer counts and the 5 of the second weigh 3: room for 7.
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(7, await AdmittedAsync(gateway, 9));
    }

    [Fact]
    public async Task Token_bucket_allows_a_burst_then_refills_at_the_rate_up_to_the_burst()
    {
        var (gateway, clock) = await BuildAsync(Limit("tokenBucket", "requests: 2, per: 1s, burst: 4"));

        Assert.Equal(4, await AdmittedAsync(gateway, 6));
        clock.Advance(TimeSpan.FromMilliseconds(499));
        Assert.Equal(0, await AdmittedAsync(gateway, 1));
        clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await AdmittedAsync(gateway, 3));
        // Idle far longer than a refill: the bucket holds the burst, never more.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(4, await AdmittedAsync(gateway, 6));
    }

    [Theory]
    [InlineData("day")]
    [InlineData("week")]
    [InlineData("month")]
    public async Task Quotas_are_used_up_and_roll_over_at_their_period_boundary(string period)
    {
        var yaml = $$"""
            services:
              api: { url: "http://upstream.test" }
            routes:
              - { name: items, path: /items, service: api }
            usagePlans:
              basic:
                quota: { limit: 3, period: {{period}} }
            """;
        // Jan 31 2100 is a Sunday: the next second starts a new day, ISO week and month at once; step before it first.
        var (gateway, clock) = await BuildAsync(yaml, Start);
        var acme = StateGateway.Tenant("acme", "basic");

        Assert.Equal(3, await AdmittedAsync(gateway, 5, acme));
        var refused = await StateGateway.GetAsync(gateway, edge: acme);
        Assert.Equal(429, refused.StatusCode);
        Assert.Contains("\"code\":\"quota_exceeded\"", Requests.BodyText(refused));
        Assert.Contains("resets at 2100-02-01T00:00:00Z", Requests.BodyText(refused));
        Assert.Equal("10", refused.Headers.Get("Retry-After"));
        // Another tenant has its own quota.
        Assert.Equal(3, await AdmittedAsync(gateway, 4, StateGateway.Tenant("globex", "basic")));

        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, await AdmittedAsync(gateway, 1, acme));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, await AdmittedAsync(gateway, 5, acme));
    }

    [Fact]
    public async Task A_quota_does_not_roll_over_before_its_period_ends()
    {
        var yaml = """
            services:
              api: { url: "http://upstream.test" }
            routes:
              - { name: items, path: /items, service: api }
            usagePlans:
              basic:
                quota: { limit: 2, period: week }
            """;
        // Wednesday: the week runs until Monday 00:00, whatever day boundaries pass meanwhile.
        var (gateway, clock) = await BuildAsync(yaml, ManualTimeProvider.Epoch.AddHours(2));
        var acme = StateGateway.Tenant("acme", "basic");

        Assert.Equal(2, await AdmittedAsync(gateway, 3, acme));
        clock.Advance(TimeSpan.FromDays(4));
        Assert.Equal(0, await AdmittedAsync(gateway, 1, acme));
        clock.Advance(TimeSpan.FromHours(12));
        Assert.Equal(2, await AdmittedAsync(gateway, 3, acme));
    }
}

public sealed class InMemoryAlgorithmTests() : AlgorithmContract(new InMemoryStores());

[Collection(DynamoDbCollection.Name)]
public sealed class DynamoDbAlgorithmTests(DynamoDbFixture fixture) : AlgorithmContract(new DynamoDbSource(fixture));
