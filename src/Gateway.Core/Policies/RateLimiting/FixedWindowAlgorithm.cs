using Gateway.State;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// At most <see cref="Limit"/> requests per window. Exact: the count is incremented only while it stays within the
/// limit. Also counts quotas, whose windows are calendar periods.
/// </summary>
public sealed class FixedWindowAlgorithm(long limit, WindowSchedule schedule) : RateAlgorithm
{
    public override long Limit => limit;

    public override CounterWrite Take(string key, CounterState? believed, long amount, DateTimeOffset now)
    {
        var window = schedule.IndexAt(now);
        return believed is { } state && state.Mark >= window
            // Another instance's clock may already be in the next window: join it rather than fight it.
            ? new CounterWrite(key, CounterWriteKind.AddInWindow, state.Mark, amount, 0, limit - amount, ExpiresAt(state.Mark))
            : new CounterWrite(key, CounterWriteKind.StartWindow, window, amount, window, 0, ExpiresAt(window));
    }

    public override long Available(CounterState? state, DateTimeOffset now) =>
        state is { } s && s.Mark >= schedule.IndexAt(now) ? Math.Max(0, limit - s.Count) : limit;

    public override TimeSpan ResetAfter(CounterState? state, DateTimeOffset now) =>
        schedule.StartOf(CurrentWindow(state, now) + 1) - now;

    public override TimeSpan RetryAfter(CounterState? state, long amount, DateTimeOffset now) =>
        AtLeastOneMillisecond(ResetAfter(state, now));

    public override DateTimeOffset LeaseValidUntil(CounterState taken, long amount, DateTimeOffset now) => schedule.StartOf(taken.Mark + 1);

    private long CurrentWindow(CounterState? state, DateTimeOffset now) => Math.Max(schedule.IndexAt(now), state?.Mark ?? long.MinValue);

    // The item is useless once its window has passed; one extra window keeps it for late clocks.
    private DateTimeOffset ExpiresAt(long window) => schedule.StartOf(window + 2);
}
