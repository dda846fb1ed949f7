namespace Gateway.State;

/// <summary>
/// Counters in this process only: <c>gatewayctl serve</c>'s default, and the local backstop while the shared store
/// is down. One lock makes each batch atomic, as a DynamoDB transaction is. Expired items are dropped as they are met.
/// </summary>
public sealed class InMemoryCounterStore(TimeProvider time) : ICounterStore
{
    private readonly Dictionary<string, (CounterState State, DateTimeOffset ExpiresAt)> _items = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private int _writesSinceSweep;

    public ValueTask<CounterWriteResult[]> ApplyAsync(IReadOnlyList<CounterWrite> writes, CancellationToken cancellationToken)
    {
        var results = new CounterWriteResult[writes.Count];
        var now = time.GetUtcNow();
        lock (_lock)
        {
            var failed = false;
            for (var i = 0; i < writes.Count; i++)
            {
                var current = Current(writes[i].Key, now);
                if (!writes[i].ConditionHolds(current))
                {
                    results[i] = new CounterWriteResult(CounterWriteOutcome.ConditionFailed, current);
                    failed = true;
                }
            }
            if (failed)
            {
                for (var i = 0; i < results.Length; i++)
                {
                    if (results[i].Outcome != CounterWriteOutcome.ConditionFailed)
                    {
                        results[i] = new CounterWriteResult(CounterWriteOutcome.NotEvaluated, null);
                    }
                }
                return ValueTask.FromResult(results);
            }
            SweepExpiredNow(now);
            for (var i = 0; i < writes.Count; i++)
            {
                var write = writes[i];
                var next = write.Apply(Current(write.Key, now));
                _items[write.Key] = (next, write.ExpiresAt);
                results[i] = new CounterWriteResult(CounterWriteOutcome.Applied, next);
            }
        }
        return ValueTask.FromResult(results);
    }

    /// <summary>Starts a counter at a known state (a fail-open backstop starting from the shared store's last count), unless it already has one.</summary>
    public void SeedIfAbsent(string key, CounterState state, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            if (Current(key, time.GetUtcNow()) is null)
            {
                _items[key] = (state, expiresAt);
            }
        }
    }

    /// <summary>Keys keyed by client IP or tenant are unbounded: expired ones are dropped every few thousand writes.</summary>
    private void SweepExpiredNow(DateTimeOffset now)
    {
        if (++_writesSinceSweep < 4096)
        {
            return;
        }
        _writesSinceSweep = 0;
        foreach (var (key, item) in _items)
        {
            if (item.ExpiresAt <= now)
            {
                _items.Remove(key);
            }
        }
    }

    private CounterState? Current(string key, DateTimeOffset now)
    {
        if (!_items.TryGetValue(key, out var item))
        {
            return null;
        }
        if (item.ExpiresAt <= now)
        {
            _items.Remove(key);
            return null;
        }
        return item.State;
    }
}
