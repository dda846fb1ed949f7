namespace Gateway.Testing;

/// <summary>
/// A clock tests move by hand, so windows, refills and open durations pass without sleeping
/// (Microsoft.Extensions.TimeProvider.Testing is not served here). Only the time is faked: no timers.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    /// <summary>
    /// Where the clock starts unless a test needs otherwise: a Wednesday, 10:00 UTC, long after any real run.
    /// DynamoDB Local deletes items whose TTL has passed in real time, so counters written at a manual time in the
    /// real past would vanish in the middle of a test.
    /// </summary>
    public static readonly DateTimeOffset Epoch = new(2100, 1, 6, 10, 0, 0, TimeSpan.Zero);

    private long _utcTicks = start.UtcTicks;

    public ManualTimeProvider()
        : this(Epoch)
    {
    }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
