using Gateway.State;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// A rate-limit algorithm expressed as conditional writes to one counter item, so that it is exact whatever the
/// number of gateway instances. The algorithm never reads before writing: it writes what it believes is right (from
/// the last state this instance saw) and, when the condition fails, learns the true state from the failure itself.
/// </summary>
public abstract class RateAlgorithm
{
    /// <summary>The most that can ever be taken at once: the window's request count, or the bucket's burst.</summary>
    public abstract long Limit { get; }

    /// <summary>The conditional write that takes <paramref name="amount"/>, given the state believed to be stored.</summary>
    public abstract CounterWrite Take(string key, CounterState? believed, long amount, DateTimeOffset now);

    /// <summary>How much could be taken now from <paramref name="state"/> (null: nothing stored yet).</summary>
    public abstract long Available(CounterState? state, DateTimeOffset now);

    /// <summary>When the counter will be whole again: the window's end, or the bucket's refill.</summary>
    public abstract TimeSpan ResetAfter(CounterState? state, DateTimeOffset now);

    /// <summary>How long until <paramref name="amount"/> can be taken from <paramref name="state"/>, which refused it.</summary>
    public abstract TimeSpan RetryAfter(CounterState? state, long amount, DateTimeOffset now);

    /// <summary>Until when <paramref name="amount"/> tokens leased now may be spent locally without breaking the algorithm's bound.</summary>
    public abstract DateTimeOffset LeaseValidUntil(CounterState taken, long amount, DateTimeOffset now);

    protected static TimeSpan AtLeastOneMillisecond(TimeSpan value) =>
        value < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : value;
}
