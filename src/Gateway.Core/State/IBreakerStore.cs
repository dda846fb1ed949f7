namespace Gateway.State;

public enum BreakerState
{
    Closed,
    Open,
    HalfOpen,
}

/// <summary>One breaker: a service instance (its URL), within its service.</summary>
public readonly record struct BreakerKey(string Service, string Instance);

/// <summary>
/// A breaker's shared state. <see cref="Version"/> grows by one with every transition; transitions are conditional
/// on it, so when instances race only one wins each transition. <see cref="Until"/> is when an open breaker may be
/// probed, or when a half-open round with lost probes starts over. Failures and calls are counted per
/// <see cref="Window"/>; probes and successes per half-open round. <see cref="Unhealthy"/> and
/// <see cref="HealthStreak"/> are the scheduled health checker's (Lambda keeps nothing between its runs): they ride
/// on the breaker's item so that the proxy learns an instance's health from the read it already makes.
/// </summary>
public sealed record BreakerRecord(
    BreakerState State,
    long Version,
    DateTimeOffset Until,
    long Window,
    long Failures,
    long Calls,
    long Probes,
    long Successes,
    bool Unhealthy = false,
    int HealthStreak = 0)
{
    public static BreakerRecord Initial { get; } = new(BreakerState.Closed, 0, DateTimeOffset.MinValue, 0, 0, 0, 0, 0);

    /// <summary>The record after a transition to <paramref name="to"/>; a half-open round starts with the winner's probe.</summary>
    public BreakerRecord TransitionedTo(BreakerState to, DateTimeOffset until) => this with
    {
        State = to,
        Version = Version + 1,
        Until = until,
        Probes = to == BreakerState.HalfOpen ? 1 : 0,
        Successes = 0,
        Failures = to == BreakerState.Closed ? 0 : Failures,
        Calls = to == BreakerState.Closed ? 0 : Calls,
    };
}

/// <summary>The outcome of a conditional breaker write: whether it won, and the record as it now stands.</summary>
public readonly record struct BreakerUpdate(bool Succeeded, BreakerRecord Current);

/// <summary>
/// Where circuit-breaker state lives. Reads happen only when an instance's cached copy expires; writes only on
/// failures, probes and transitions. Every write is conditional or commutative, so instances never overwrite each other.
/// </summary>
/// <remarks>Every method throws <see cref="StoreUnavailableException"/> when the store is slow, throttled or down.</remarks>
public interface IBreakerStore
{
    /// <summary>The stored record; <see cref="BreakerRecord.Initial"/> when there is none.</summary>
    ValueTask<BreakerRecord> GetAsync(BreakerKey key, CancellationToken cancellationToken);

    /// <summary>Counts one failure (and <paramref name="calls"/> calls, this one included) in <paramref name="window"/>, starting the window over if it moved on.</summary>
    ValueTask<BreakerRecord> RecordFailureAsync(BreakerKey key, long window, long calls, CancellationToken cancellationToken);

    /// <summary>Moves the breaker to <paramref name="to"/> if it is still at <paramref name="expectedVersion"/>.</summary>
    ValueTask<BreakerUpdate> TryTransitionAsync(BreakerKey key, long expectedVersion, BreakerState to, DateTimeOffset until, CancellationToken cancellationToken);

    /// <summary>Takes a probe slot of the half-open round <paramref name="version"/>, if fewer than <paramref name="maxProbes"/> are out.</summary>
    ValueTask<BreakerUpdate> TryAcquireProbeAsync(BreakerKey key, long version, int maxProbes, CancellationToken cancellationToken);

    /// <summary>Counts a successful probe of round <paramref name="version"/> and frees its slot.</summary>
    ValueTask<BreakerUpdate> RecordProbeSuccessAsync(BreakerKey key, long version, CancellationToken cancellationToken);

    /// <summary>Stores the health checker's verdict on the instance, leaving the breaker's own state as it is.</summary>
    ValueTask<BreakerRecord> RecordHealthAsync(BreakerKey key, bool unhealthy, int streak, CancellationToken cancellationToken);
}
