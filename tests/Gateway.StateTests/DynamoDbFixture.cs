using Gateway.State;
using Gateway.Stores.DynamoDb;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>One DynamoDB Local for every test class in the collection; each test takes fresh tables from it.</summary>
public sealed class DynamoDbFixture : IAsyncLifetime
{
    public LocalDynamoDb Db { get; private set; } = null!;

    public async Task InitializeAsync() => Db = await LocalDynamoDb.StartAsync();

    public async Task DisposeAsync() => await Db.DisposeAsync();

    /// <summary>Stores on a new table, with a generous timeout: these tests are about correctness, not the fail modes.</summary>
    public async Task<(ICounterStore Counters, IBreakerStore Breakers)> CreateStoresAsync(TimeProvider time)
    {
        var table = await Db.CreateTableAsync();
        return DynamoDbStores.Create(Db.Client, table, TimeSpan.FromSeconds(10), time);
    }
}

[CollectionDefinition(Name)]
public sealed class DynamoDbCollection : ICollectionFixture<DynamoDbFixture>
{
    public const string Name = "DynamoDB Local";
}

/// <summary>Where a contract test's stores come from: this process, or DynamoDB Local.</summary>
public interface IStoreSource
{
    Task<(ICounterStore Counters, IBreakerStore Breakers)> CreateStoresAsync(TimeProvider time);
}

public sealed class InMemoryStores : IStoreSource
{
    public Task<(ICounterStore Counters, IBreakerStore Breakers)> CreateStoresAsync(TimeProvider time) =>
        Task.FromResult<(ICounterStore, IBreakerStore)>((new InMemoryCounterStore(time), new InMemoryBreakerStore()));
}
