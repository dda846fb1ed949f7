using Gateway.State;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// How many gateway instances share the counter store lately: each instance adds itself, once per
/// <see cref="Window"/>, to one shared counter, and reads back how many did in this window and the previous one.
/// A fail-open backstop divides what is left of a limit by this number, so that N instances cut off from the store
/// together admit about what one limit allows, not N times it. The count is a sliding-window counter like any other
/// (one conditional write per instance per window; no new kind of item); an instance knows the others once it has
/// checked in after them, so within one to two windows of starting.
/// </summary>
internal sealed class InstancePresence(TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    internal const string Key = "presence#instances";

    private const int MaxRounds = 3;

    private static readonly SlidingWindowAlgorithm Counter = new(int.MaxValue, Window);

    // Written by the one check-in of a window at a time; a stale read only costs a failed condition.
    private CounterState? _last;
    private long _recent = 1;
    private long _checkedInWindow = long.MinValue;

    /// <summary>The instances seen in this window or the last (this one included), at least one.</summary>
    public long Recent => Interlocked.Read(ref _recent);

    /// <summary>Adds this instance to the count, at most once per window; store failures propagate to the caller's fail mode.</summary>
    public ValueTask CheckInAsync(ICounterStore store, CancellationToken cancellationToken)
    {
        var window = time.GetUtcNow().UtcTicks / Window.Ticks;
        return Volatile.Read(ref _checkedInWindow) == window || Interlocked.Exchange(ref _checkedInWindow, window) == window
            ? ValueTask.CompletedTask
            : WriteAsync(store, window, cancellationToken);
    }

    private async ValueTask WriteAsync(ICounterStore store, long window, CancellationToken cancellationToken)
    {
        try
        {
            var believed = _last;
            for (var round = 0; round < MaxRounds; round++)
            {
                var write = Counter.Take(Key, believed, 1, time.GetUtcNow());
                var result = (await store.ApplyAsync([write], cancellationToken).ConfigureAwait(false))[0];
                if (result.Outcome == CounterWriteOutcome.Applied)
                {
                    var state = result.State ?? write.Apply(believed);
                    _last = state;
                    Interlocked.Exchange(ref _recent, Math.Max(1, Math.Max(state.Count, state.Previous)));
                    return;
                }
                // Another instance checked in since: build the write on what it left.
                believed = result.State;
            }
        }
        catch
        {
            // Not checked in: the next request of this window tries again.
            Interlocked.CompareExchange(ref _checkedInWindow, long.MinValue, window);
            throw;
        }
    }
}
