namespace Gateway.State;

/// <summary>Breaker state in this process only: <c>gatewayctl serve</c>'s default, and the backstop while the shared store is down.</summary>
public sealed class InMemoryBreakerStore : IBreakerStore
{
    private readonly Dictionary<BreakerKey, BreakerRecord> _records = [];
    private readonly Lock _lock = new();

    public ValueTask<BreakerRecord> GetAsync(BreakerKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            return ValueTask.FromResult(Current(key));
        }
    }

    public ValueTask<BreakerRecord> RecordFailureAsync(BreakerKey key, long window, long calls, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var current = Current(key);
            var next = current.Window == window
                ? current with { Failures = current.Failures + 1, Calls = current.Calls + calls }
                : current with { Window = window, Failures = 1, Calls = calls };
            _records[key] = next;
            return ValueTask.FromResult(next);
        }
    }

    public ValueTask<BreakerUpdate> TryTransitionAsync(BreakerKey key, long expectedVersion, BreakerState to, DateTimeOffset until, CancellationToken cancellationToken) =>
        Update(key, current => current.Version == expectedVersion, current => current.TransitionedTo(to, until));

    public ValueTask<BreakerUpdate> TryAcquireProbeAsync(BreakerKey key, long version, int maxProbes, CancellationToken cancellationToken) =>
        Update(key,
            current => current.State == BreakerState.HalfOpen && current.Version == version && current.Probes < maxProbes,
            current => current with { Probes = current.Probes + 1 });

    public ValueTask<BreakerUpdate> RecordProbeSuccessAsync(BreakerKey key, long version, CancellationToken cancellationToken) =>
        Update(key,
            current => current.State == BreakerState.HalfOpen && current.Version == version,
            current => current with { Successes = current.Successes + 1, Probes = current.Probes - 1 });

    public ValueTask<BreakerRecord> RecordHealthAsync(BreakerKey key, bool unhealthy, int streak, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var next = Current(key) with { Unhealthy = unhealthy, HealthStreak = streak };
            _records[key] = next;
            return ValueTask.FromResult(next);
        }
    }

    private ValueTask<BreakerUpdate> Update(BreakerKey key, Func<BreakerRecord, bool> condition, Func<BreakerRecord, BreakerRecord> change)
    {
        lock (_lock)
        {
            var current = Current(key);
            if (!condition(current))
            {
                return ValueTask.FromResult(new BreakerUpdate(false, current));
            }
            var next = change(current);
            _records[key] = next;
            return ValueTask.FromResult(new BreakerUpdate(true, next));
        }
    }

    private BreakerRecord Current(BreakerKey key) => _records.TryGetValue(key, out var record) ? record : BreakerRecord.Initial;
}
