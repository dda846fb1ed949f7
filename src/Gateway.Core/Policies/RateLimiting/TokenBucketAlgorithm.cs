using Gateway.State;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// A token bucket as GCRA: the item holds the theoretical arrival time (TAT, microseconds since the epoch). A request
/// costs one emission interval T = per / requests; it is admitted while <c>max(TAT, now) + T − now ≤ burst × T</c>.
/// A bucket still draining is advanced by an atomic add, so concurrent instances never need compare-and-swap.
/// </summary>
public sealed class TokenBucketAlgorithm : RateAlgorithm
{
    private readonly long _burst;
    private readonly long _interval;
    private readonly long _capacity;

    public TokenBucketAlgorithm(long requests, TimeSpan per, long burst)
    {
        _burst = burst;
        _interval = Math.Max(1, (long)(per.TotalMicroseconds / requests));
        _capacity = burst * _interval;
    }

    public override long Limit => _burst;

    public override CounterWrite Take(string key, CounterState? believed, long amount, DateTimeOffset now)
    {
        var nowUs = Microseconds(now);
        var cost = amount * _interval;
        var expires = now + TimeSpan.FromMicroseconds(_capacity) + TimeSpan.FromSeconds(1);
        return believed is { } state && state.Count >= nowUs
            ? new CounterWrite(key, CounterWriteKind.Advance, 0, cost, nowUs, nowUs + _capacity - cost, expires)
            : new CounterWrite(key, CounterWriteKind.Restart, 0, nowUs + cost, nowUs, 0, expires);
    }

    public override long Available(CounterState? state, DateTimeOffset now)
    {
        var nowUs = Microseconds(now);
        return Math.Clamp((nowUs + _capacity - Tat(state, nowUs)) / _interval, 0, _burst);
    }

    public override TimeSpan ResetAfter(CounterState? state, DateTimeOffset now)
    {
        var nowUs = Microseconds(now);
        return TimeSpan.FromMicroseconds(Tat(state, nowUs) - nowUs);
    }

    public override TimeSpan RetryAfter(CounterState? state, long amount, DateTimeOffset now)
    {
        var nowUs = Microseconds(now);
        return AtLeastOneMillisecond(TimeSpan.FromMicroseconds(Tat(state, nowUs) - (nowUs + _capacity - (amount * _interval))));
    }

    /// <summary>Leased tokens were paid for now; spent over more than their own emission time they would bunch up.</summary>
    public override DateTimeOffset LeaseValidUntil(CounterState taken, long amount, DateTimeOffset now) =>
        now + TimeSpan.FromMicroseconds(amount * _interval);

    private static long Tat(CounterState? state, long nowUs) => Math.Max(state?.Count ?? nowUs, nowUs);

    private static long Microseconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
}
