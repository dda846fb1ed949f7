using Gateway.State;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// The two-counter sliding window: the estimate at time t is <c>previous × (1 − elapsed/window) + current</c>, and a
/// request is admitted while the estimate plus the request stays within the limit. One item holds both counters, so
/// a roll-over to the next window is one conditional write like any other.
/// </summary>
public sealed class SlidingWindowAlgorithm(long limit, TimeSpan window) : RateAlgorithm
{
    private readonly WindowSchedule _schedule = WindowSchedule.Fixed(window);

    public override long Limit => limit;

    public override CounterWrite Take(string key, CounterState? believed, long amount, DateTimeOffset now)
    {
        var current = _schedule.IndexAt(now);
        var weight = PreviousWeight(now, current);
        if (believed is { } state && state.Mark >= current)
        {
            var ceiling = (long)Math.Floor(limit - amount - (state.Previous * weight));
            return new CounterWrite(key, CounterWriteKind.AddInWindow, state.Mark, amount, 0, ceiling, ExpiresAt(state.Mark), state.Previous);
        }
        if (believed is { } previous && previous.Mark == current - 1)
        {
            // The stored count becomes the previous window's; it may weigh at most limit − amount.
            var ceiling = (long)Math.Floor((limit - amount) / weight);
            return new CounterWrite(key, CounterWriteKind.RollWindow, current, amount, 0, ceiling, ExpiresAt(current));
        }
        return new CounterWrite(key, CounterWriteKind.StartWindow, current, amount, current - 1, 0, ExpiresAt(current));
    }

    public override long Available(CounterState? state, DateTimeOffset now)
    {
        var current = _schedule.IndexAt(now);
        var (previous, count) = Counts(state, current);
        return Math.Max(0, (long)Math.Floor(limit - (previous * PreviousWeight(now, current)) - count));
    }

    public override TimeSpan ResetAfter(CounterState? state, DateTimeOffset now) => _schedule.StartOf(_schedule.IndexAt(now) + 1) - now;

    public override TimeSpan RetryAfter(CounterState? state, long amount, DateTimeOffset now)
    {
        var current = _schedule.IndexAt(now);
        var (previous, count) = Counts(state, current);
        double windowFraction;
        var windowStart = current;
        if (count + amount <= limit && previous > 0)
        {
            // Within this window, as the previous window's weight fades.
            windowFraction = 1 - ((double)(limit - amount - count) / previous);
        }
        else
        {
            // Only in the next window, once this window's count (then the previous one) has faded enough.
            windowStart = current + 1;
            windowFraction = count == 0 ? 0 : Math.Max(0, 1 - ((double)(limit - amount) / count));
        }
        var at = _schedule.StartOf(windowStart) + (window * windowFraction);
        return AtLeastOneMillisecond(at - now);
    }

    public override DateTimeOffset LeaseValidUntil(CounterState taken, long amount, DateTimeOffset now) => _schedule.StartOf(taken.Mark + 1);

    private static (long Previous, long Count) Counts(CounterState? state, long current) => state switch
    {
        { } s when s.Mark >= current => (s.Previous, s.Count),
        { } s when s.Mark == current - 1 => (s.Count, 0),
        _ => (0, 0),
    };

    private double PreviousWeight(DateTimeOffset now, long current) =>
        1 - ((now - _schedule.StartOf(current)) / window);

    // Two windows on, the item no longer weighs on any estimate.
    private DateTimeOffset ExpiresAt(long current) => _schedule.StartOf(current + 3);
}
