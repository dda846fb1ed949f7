using Gateway.State;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>The counter store's contract: conditional writes that hold or fail exactly as specified, batches all or nothing.</summary>
public abstract class CounterStoreContract(IStoreSource source)
{
    private static readonly DateTimeOffset Now = ManualTimeProvider.Epoch;
    private static readonly DateTimeOffset Later = Now.AddHours(1);

    private async Task<ICounterStore> StoreAsync() => (await source.CreateStoresAsync(new ManualTimeProvider(Now))).Counters;

    private static CounterWrite Start(string key, long window, long amount) => new(key, CounterWriteKind.StartWindow, window, amount, window, 0, Later);

    private static CounterWrite Add(string key, long window, long amount, long ceiling, long? previous = null) =>
        new(key, CounterWriteKind.AddInWindow, window, amount, 0, ceiling, Later, previous);

    private static async Task<CounterWriteResult> One(ICounterStore store, CounterWrite write) => (await store.ApplyAsync([write], default))[0];

    [Fact]
    public async Task A_window_starts_once_and_then_only_counts_up_to_its_ceiling()
    {
        var store = await StoreAsync();

        Assert.Equal(new CounterWriteResult(CounterWriteOutcome.Applied, new CounterState(7, 1, 0)), await One(store, Start("k", 7, 1)));
        Assert.Equal(new CounterWriteResult(CounterWriteOutcome.ConditionFailed, new CounterState(7, 1, 0)), await One(store, Start("k", 7, 1)));
        Assert.Equal(new CounterState(7, 2, 0), (await One(store, Add("k", 7, 1, ceiling: 1))).State);
        Assert.Equal(new CounterWriteResult(CounterWriteOutcome.ConditionFailed, new CounterState(7, 2, 0)), await One(store, Add("k", 7, 1, ceiling: 1)));
        Assert.Equal(CounterWriteOutcome.ConditionFailed, (await One(store, Add("k", 8, 1, ceiling: 10))).Outcome);
        Assert.Equal(new CounterState(8, 5, 0), (await One(store, Start("k", 8, 5))).State);
    }

    [Fact]
    public async Task A_condition_on_an_absent_item_fails_with_no_state()
    {
        var store = await StoreAsync();

        Assert.Equal(new CounterWriteResult(CounterWriteOutcome.ConditionFailed, null), await One(store, Add("absent", 1, 1, ceiling: 10)));
    }

    [Fact]
    public async Task Rolling_a_window_keeps_the_old_count_as_the_previous_one()
    {
        var store = await StoreAsync();
        await One(store, Start("k", 3, 4));

        Assert.Equal(CounterWriteOutcome.ConditionFailed, (await One(store, new CounterWrite("k", CounterWriteKind.RollWindow, 4, 1, 0, 3, Later))).Outcome);
        Assert.Equal(new CounterState(4, 1, 4), (await One(store, new CounterWrite("k", CounterWriteKind.RollWindow, 4, 1, 0, 4, Later))).State);
        Assert.Equal(CounterWriteOutcome.ConditionFailed, (await One(store, Add("k", 4, 1, ceiling: 10, previous: 3))).Outcome);
        Assert.Equal(new CounterState(4, 2, 4), (await One(store, Add("k", 4, 1, ceiling: 10, previous: 4))).State);
    }

    [Fact]
    public async Task Token_bucket_writes_restart_an_idle_bucket_and_advance_a_draining_one_within_bounds()
    {
        var store = await StoreAsync();

        Assert.Equal(new CounterState(0, 1_100, 0), (await One(store, new CounterWrite("b", CounterWriteKind.Restart, 0, 1_100, 1_000, 0, Later))).State);
        Assert.Equal(CounterWriteOutcome.ConditionFailed, (await One(store, new CounterWrite("b", CounterWriteKind.Restart, 0, 1_100, 1_000, 0, Later))).Outcome);
        Assert.Equal(new CounterState(0, 1_200, 0), (await One(store, new CounterWrite("b", CounterWriteKind.Advance, 0, 100, 1_000, 1_100, Later))).State);
        Assert.Equal(new CounterWriteResult(CounterWriteOutcome.ConditionFailed, new CounterState(0, 1_200, 0)),
            await One(store, new CounterWrite("b", CounterWriteKind.Advance, 0, 100, 1_000, 1_100, Later)));
    }

    [Fact]
    public async Task A_batch_is_all_or_nothing_and_names_the_write_that_failed()
    {
        var store = await StoreAsync();
        await One(store, Start("full", 1, 10));

        var results = await store.ApplyAsync([Start("fresh", 1, 1), Add("full", 1, 1, ceiling: 9)], default);

        Assert.Equal(CounterWriteOutcome.ConditionFailed, results[1].Outcome);
        Assert.Equal(new CounterState(1, 10, 0), results[1].State);
        Assert.NotEqual(CounterWriteOutcome.Applied, results[0].Outcome);
        // The first write was not applied: starting that window still succeeds.
        Assert.Equal(CounterWriteOutcome.Applied, (await One(store, Start("fresh", 1, 1))).Outcome);

        var both = await store.ApplyAsync([Add("fresh", 1, 1, ceiling: 5), Start("other", 1, 1)], default);
        Assert.All(both, result => Assert.Equal(CounterWriteOutcome.Applied, result.Outcome));
        Assert.Equal(new CounterState(1, 2, 0), (await One(store, Start("fresh", 1, 0))).State);
    }
}

public sealed class InMemoryCounterStoreTests() : CounterStoreContract(new InMemoryStores());

[Collection(DynamoDbCollection.Name)]
public sealed class DynamoDbCounterStoreTests(DynamoDbFixture fixture) : CounterStoreContract(new DynamoDbSource(fixture));

/// <summary>Adapts the fixture to the contract tests' store source.</summary>
public sealed class DynamoDbSource(DynamoDbFixture fixture) : IStoreSource
{
    public Task<(ICounterStore Counters, IBreakerStore Breakers)> CreateStoresAsync(TimeProvider time) => fixture.CreateStoresAsync(time);
}
