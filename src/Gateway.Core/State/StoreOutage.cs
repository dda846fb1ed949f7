namespace Gateway.State;

/// <summary>
/// Remembers that the shared store just failed, so that an outage costs one timeout per second per instance rather
/// than one per request. Meanwhile callers apply their fail mode straight away.
/// </summary>
public sealed class StoreOutage(TimeProvider time)
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private long _untilTicks;

    public bool InProgress => time.GetUtcNow().UtcTicks < Interlocked.Read(ref _untilTicks);

    public void Begin() => Interlocked.Exchange(ref _untilTicks, (time.GetUtcNow() + RetryDelay).UtcTicks);
}
