namespace Gateway.State;

/// <summary>
/// Where rate-limit and quota counters live: in this process (in-memory) or shared by every instance (DynamoDB).
/// A batch is all or nothing: either every write's condition holds and all are applied, or none is, in one round trip.
/// </summary>
public interface ICounterStore
{
    /// <exception cref="StoreUnavailableException">The store was slow, throttled or unreachable.</exception>
    ValueTask<CounterWriteResult[]> ApplyAsync(IReadOnlyList<CounterWrite> writes, CancellationToken cancellationToken);
}

/// <summary>
/// The shared store could not answer in time (timeout, throttling, a network or service error). Callers apply their
/// configured fail mode; this never reaches a client.
/// </summary>
public sealed class StoreUnavailableException(string operation, Exception? inner)
    : Exception($"the state store failed during {operation}: {inner?.Message ?? "unknown error"}", inner)
{
    public string Operation { get; } = operation;
}
