using Gateway.Pipeline;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// What judges fail-open limits while the shared store is down: the same limits, in this instance's memory. It does
/// not start from nothing: a counter starts from the last state the store returned for it, and every request costs as
/// many units as there are instances lately (<see cref="InstancePresence"/>), so each of N instances admits about
/// 1/N of what was left, and 1/N of each later window. One per outage: a new one starts from fresher states.
/// </summary>
internal sealed class FailOpenBackstop
{
    private readonly InMemoryCounterStore _counters;
    private readonly RateLimiter _limiter;
    private readonly TimeProvider _time;

    public FailOpenBackstop(TimeProvider time, ILogger logger)
    {
        _time = time;
        _counters = new InMemoryCounterStore(time);
        _limiter = RateLimiter.Local(_counters, time, logger);
    }

    /// <param name="lastKnown">The last state the shared store returned for a counter key, if this instance saw one.</param>
    public ValueTask<Admission> CheckAsync(IReadOnlyList<LimitCheck> checks, GatewayContext context, Func<string, CounterState?> lastKnown, long instances)
    {
        var now = _time.GetUtcNow();
        foreach (var check in checks)
        {
            if (lastKnown(check.Key) is { } state)
            {
                // The item's expiry is the one the algorithm gives an item in that state.
                _counters.SeedIfAbsent(check.Key, state, check.Rule.Algorithm.Take(check.Key, state, 1, now).ExpiresAt);
            }
        }
        return _limiter.CheckAsync(checks, context, instances);
    }
}
