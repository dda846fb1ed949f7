namespace Gateway.Testing;

/// <summary>
/// A clock tests move by hand, so windows, refills and open durations pass without sleeping
/// (Microsoft.Extensions.TimeProvider.Testing is not served here). Only the time is faked: no timers.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _utcTicks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _utcTicks, by.Ticks);
}
