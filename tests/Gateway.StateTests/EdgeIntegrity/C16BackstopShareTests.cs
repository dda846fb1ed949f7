using Gateway.Pipeline;
using Gateway.Stores.DynamoDb;
using Gateway.Testing;
using Xunit.Abstractions;

namespace Gateway.StateTests.EdgeIntegrity;

/// <summary>
/// Class 16: during a store outage each instance's fail-open backstop starts from the last count the store returned
/// and takes only its share (1/N, N the instances seen lately) of what is left — so N instances cut off together admit
/// about one limit's worth, not N. Measured on DynamoDB Local behind a fault proxy that resets every connection; the
/// over-admission (everything admitted in the window, divided by the limit) is written to the test output.
/// </summary>
[Collection(DynamoDbCollection.Name)]
public sealed class C16BackstopShareTests(DynamoDbFixture fixture, ITestOutputHelper output)
{
    private const int Limit = 100;

    // How often instances check in to be counted (InstancePresence.Window).
    private static readonly TimeSpan PresenceWindow = TimeSpan.FromSeconds(10);

    public static TheoryData<string, int> AlgorithmsAndInstances()
    {
        var data = new TheoryData<string, int>();
        foreach (var algorithm in new[] { "fixedWindow", "slidingWindow", "tokenBucket" })
        {
            foreach (var instances in new[] { 2, 4 })
            {
                data.Add(algorithm, instances);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AlgorithmsAndInstances))]
    public async Task N_instances_cut_off_from_the_store_admit_about_one_limit_together(string algorithm, int instances)
    {
        await using var fleet = await Fleet.StartAsync(fixture,
            $"algorithm: {algorithm}, requests: {Limit}, per: 10m,{(algorithm == "tokenBucket" ? $" burst: {Limit}," : "")}", instances);

        // Healthy: every instance checks in and serves; a presence window later each knows how many there are, and
        // 40 of the 100 are spent, in DynamoDB.
        var admitted = await fleet.RoundRobinAsync(instances);
        fleet.Clock.Advance(PresenceWindow);
        admitted += await fleet.RoundRobinAsync(40 - instances);
        Assert.Equal(40, admitted);

        // The store goes away for every instance at once; each keeps serving on its backstop.
        fleet.CutOffTheStore();
        var duringOutage = await fleet.RoundRobinAsync(3 * Limit * instances);
        var total = admitted + duringOutage;
        output.WriteLine($"{algorithm}, {instances} instances: {admitted} admitted before the fault, {duringOutage} during it: " +
                         $"{total} in one window of a limit of {Limit} ({(double)total / Limit:0.00}× the limit)");

        Assert.True(fleet.Gateway.Telemetry.Requests.Sum(t => t.StoreFailures) >= instances);
        // Each instance's last count is at most instances − 1 behind the store's, and each share is rounded down.
        Assert.InRange(total, Limit - instances, Limit + instances - 1);
    }

    [Fact]
    public async Task A_window_that_starts_during_the_outage_is_shared_too()
    {
        const int instances = 4;
        await using var fleet = await Fleet.StartAsync(fixture, $"algorithm: fixedWindow, requests: {Limit}, per: 1m,", instances);
        await fleet.RoundRobinAsync(instances);
        fleet.Clock.Advance(PresenceWindow);
        await fleet.RoundRobinAsync(instances);

        fleet.CutOffTheStore();
        fleet.Clock.Advance(TimeSpan.FromMinutes(1));
        var nextWindow = await fleet.RoundRobinAsync(3 * Limit * instances);

        output.WriteLine($"a window that started during the outage, {instances} instances: {nextWindow} admitted of {Limit}");
        Assert.Equal(Limit, nextWindow);
    }

    /// <summary>Gateway instances sharing one DynamoDB Local table through a fault proxy, under one global fail-open limit.</summary>
    private sealed class Fleet : IAsyncDisposable
    {
        private readonly FaultProxy _proxy;
        private readonly IDisposable _client;
        private readonly GatewayHandler[] _instances;

        private Fleet(FaultProxy proxy, IDisposable client, ManualTimeProvider clock, StateGateway gateway, int instances)
        {
            (_proxy, _client, Clock, Gateway) = (proxy, client, clock, gateway);
            _instances = Enumerable.Range(0, instances).Select(_ => gateway.NewInstance()).ToArray();
        }

        public ManualTimeProvider Clock { get; }

        public StateGateway Gateway { get; }

        /// <param name="limit">The limit's algorithm settings, ending with a comma.</param>
        public static async Task<Fleet> StartAsync(DynamoDbFixture fixture, string limit, int instances)
        {
            var yaml = "gateway: { storeTimeout: 2s }\n" + StateGateway.ItemsRouteLimitedBy(
                $"          - {{ name: shared, by: global, {limit} failMode: open }}");
            var proxy = new FaultProxy(fixture.Db.Server.Endpoint);
            var client = LocalDynamoDb.CreateClient(proxy.BaseUrl, TimeSpan.FromSeconds(2));
            var clock = new ManualTimeProvider();
            var (counters, breakers) = DynamoDbStores.Create(client, await fixture.Db.CreateTableAsync(), TimeSpan.FromSeconds(2), clock);
            return new Fleet(proxy, client, clock, new StateGateway(yaml, counters, breakers, clock), instances);
        }

        /// <summary>Every connection to the store is reset from now on, for every instance at once.</summary>
        public void CutOffTheStore()
        {
            _proxy.Fault = Fault.Reset;
            _proxy.BreakConnections();
        }

        /// <summary>Sends the requests to the instances in turn; how many were admitted.</summary>
        public async Task<int> RoundRobinAsync(int requests)
        {
            var admitted = 0;
            for (var i = 0; i < requests; i++)
            {
                admitted += (await StateGateway.GetAsync(_instances[i % _instances.Length])).StatusCode == 200 ? 1 : 0;
            }
            return admitted;
        }

        public async ValueTask DisposeAsync()
        {
            _client.Dispose();
            await _proxy.DisposeAsync();
        }
    }
}
