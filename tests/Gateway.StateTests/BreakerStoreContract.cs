using Gateway.State;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>The breaker store's contract: failure windows, one winner per transition, a bounded number of probes.</summary>
public abstract class BreakerStoreContract(IStoreSource source)
{
    private static readonly BreakerKey Key = new("orders", "http://orders-a.internal/");
    private static readonly DateTimeOffset Now = ManualTimeProvider.Epoch;

    private async Task<IBreakerStore> StoreAsync() => (await source.CreateStoresAsync(new ManualTimeProvider(Now))).Breakers;

    [Fact]
    public async Task A_breaker_never_written_is_closed_at_version_zero()
    {
        var store = await StoreAsync();

        Assert.Equal(BreakerRecord.Initial, await store.GetAsync(Key, default));
    }

    [Fact]
    public async Task Failures_count_within_a_window_and_start_over_in_the_next()
    {
        var store = await StoreAsync();

        await store.RecordFailureAsync(Key, 5, 1, default);
        var second = await store.RecordFailureAsync(Key, 5, 3, default);
        var next = await store.RecordFailureAsync(Key, 6, 1, default);

        Assert.Equal((5L, 2L, 4L), (second.Window, second.Failures, second.Calls));
        Assert.Equal((6L, 1L, 1L), (next.Window, next.Failures, next.Calls));
        Assert.Equal(next, await store.GetAsync(Key, default));
    }

    [Fact]
    public async Task Only_one_of_two_racing_transitions_wins()
    {
        var store = await StoreAsync();
        await store.RecordFailureAsync(Key, 1, 1, default);
        var until = Now.AddSeconds(30);

        var first = await store.TryTransitionAsync(Key, 0, BreakerState.Open, until, default);
        var second = await store.TryTransitionAsync(Key, 0, BreakerState.Open, until, default);

        Assert.True(first.Succeeded);
        Assert.False(second.Succeeded);
        Assert.Equal(BreakerState.Open, second.Current.State);
        Assert.Equal(1, second.Current.Version);
        Assert.Equal(until, second.Current.Until);
        Assert.Equal(1, second.Current.Failures);
    }

    [Fact]
    public async Task Half_open_rounds_hand_out_at_most_the_allowed_probes_and_free_a_slot_per_success()
    {
        var store = await StoreAsync();
        await store.TryTransitionAsync(Key, 0, BreakerState.Open, Now, default);
        var round = await store.TryTransitionAsync(Key, 1, BreakerState.HalfOpen, Now.AddSeconds(30), default);
        Assert.Equal((BreakerState.HalfOpen, 2L, 1L), (round.Current.State, round.Current.Version, round.Current.Probes));

        Assert.True((await store.TryAcquireProbeAsync(Key, 2, maxProbes: 2, default)).Succeeded);
        var refused = await store.TryAcquireProbeAsync(Key, 2, maxProbes: 2, default);
        Assert.False(refused.Succeeded);
        Assert.Equal(2, refused.Current.Probes);

        var success = await store.RecordProbeSuccessAsync(Key, 2, default);
        Assert.Equal((1L, 1L), (success.Current.Successes, success.Current.Probes));
        Assert.True((await store.TryAcquireProbeAsync(Key, 2, maxProbes: 2, default)).Succeeded);
        Assert.False((await store.TryAcquireProbeAsync(Key, 1, maxProbes: 5, default)).Succeeded);

        var closed = await store.TryTransitionAsync(Key, 2, BreakerState.Closed, DateTimeOffset.MinValue, default);
        Assert.Equal((BreakerState.Closed, 3L, 0L, 0L), (closed.Current.State, closed.Current.Version, closed.Current.Failures, closed.Current.Probes));
        Assert.False((await store.RecordProbeSuccessAsync(Key, 2, default)).Succeeded);
    }
}

public sealed class InMemoryBreakerStoreTests() : BreakerStoreContract(new InMemoryStores());

[Collection(DynamoDbCollection.Name)]
public sealed class DynamoDbBreakerStoreTests(DynamoDbFixture fixture) : BreakerStoreContract(new DynamoDbSource(fixture));
