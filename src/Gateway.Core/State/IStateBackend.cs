namespace Gateway.State;

/// <summary>
/// Where a gateway keeps what its instances share: limit counters, breaker states (with health verdicts) and tenant API
/// keys. A host picks one when it builds its <see cref="Composition.GatewayRuntime"/>; it outlives configuration reloads.
/// A new backend is one folder implementing this and its three stores (the contract tests in Gateway.StateTests run
/// against any of them), plus the line in the host that chooses it.
/// </summary>
public interface IStateBackend
{
    /// <summary>How the host names it (<c>memory</c>, <c>dynamodb</c>), for banners and logs.</summary>
    string Name { get; }

    ICounterStore Counters { get; }

    IBreakerStore Breakers { get; }

    IApiKeyStore ApiKeys { get; }
}

/// <summary>This process only: what a single instance (a test, <c>serve</c> by default, a local invoke) needs.</summary>
public sealed class InMemoryStateBackend(TimeProvider time) : IStateBackend
{
    public string Name => "memory";

    public ICounterStore Counters { get; } = new InMemoryCounterStore(time);

    public IBreakerStore Breakers { get; } = new InMemoryBreakerStore();

    public IApiKeyStore ApiKeys { get; } = new InMemoryApiKeyStore();
}
