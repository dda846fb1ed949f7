namespace Gateway.Resilience;

/// <summary>
/// Caps retries at a fraction of the recent request rate (with a small floor), so that during an outage retries
/// cannot multiply the load on a struggling upstream: with a ratio of 0.2, at most one request in five is retried.
/// Counted per service and per gateway instance over a sliding second (two one-second counters, the previous one
/// weighted by how much of it still overlaps the last second).
/// </summary>
public sealed class RetryBudget(double ratio, int minPerSecond, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _second = long.MinValue;
    private double _requests;
    private double _retries;
    private double _previousRequests;
    private double _previousRetries;

    /// <summary>Counts a request (its first attempt).</summary>
    public void RecordRequest()
    {
        lock (_lock)
        {
            Advance();
            _requests++;
        }
    }

    /// <summary>Takes one retry from the budget, or says there is none left.</summary>
    public bool TryWithdraw()
    {
        lock (_lock)
        {
            var overlap = Advance();
            var requests = _requests + (_previousRequests * overlap);
            var retries = _retries + (_previousRetries * overlap);
            if (retries + 1 > Math.Max(minPerSecond, ratio * requests))
            {
                return false;
            }
            _retries++;
            return true;
        }
    }

    /// <summary>Moves to the current second; returns how much of the previous second the last second still covers.</summary>
    private double Advance()
    {
        var now = time.GetUtcNow();
        var second = now.ToUnixTimeMilliseconds() / 1000;
        if (second != _second)
        {
            var adjacent = second == _second + 1;
            (_previousRequests, _previousRetries) = adjacent ? (_requests, _retries) : (0, 0);
            (_requests, _retries) = (0, 0);
            _second = second;
        }
        return 1 - (now.ToUnixTimeMilliseconds() % 1000 / 1000.0);
    }
}
