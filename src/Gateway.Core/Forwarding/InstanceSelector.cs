using Gateway.Configuration;

namespace Gateway.Forwarding;

/// <summary>
/// Picks the instance of a service for the next attempt: in turn (round-robin) or in proportion to weight.
/// Instances the caller marks unavailable (an open breaker, one already tried) are skipped while others remain.
/// </summary>
public sealed class InstanceSelector
{
    private readonly UpstreamInstance[] _instances;
    private readonly int[] _cumulativeWeights;
    private readonly LoadBalancing _mode;
    private int _next = -1;

    public InstanceSelector(ServiceConfig service)
    {
        _instances = service.Instances.ToArray();
        _mode = service.LoadBalancing;
        _cumulativeWeights = new int[_instances.Length];
        var total = 0;
        for (var i = 0; i < _instances.Length; i++)
        {
            total += Math.Max(1, _instances[i].Weight);
            _cumulativeWeights[i] = total;
        }
    }

    public IReadOnlyList<UpstreamInstance> Instances => _instances;

    /// <summary>The next instance, preferring those <paramref name="isAvailable"/> accepts; null when there is none.</summary>
    public UpstreamInstance? Next(Func<UpstreamInstance, bool>? isAvailable = null)
    {
        if (_instances.Length == 1)
        {
            return isAvailable is null || isAvailable(_instances[0]) ? _instances[0] : null;
        }
        var start = _mode == LoadBalancing.Weighted ? WeightedStart() : (int)((uint)Interlocked.Increment(ref _next) % (uint)_instances.Length);
        for (var offset = 0; offset < _instances.Length; offset++)
        {
            var candidate = _instances[(start + offset) % _instances.Length];
            if (isAvailable is null || isAvailable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private int WeightedStart()
    {
        var pick = Random.Shared.Next(_cumulativeWeights[^1]);
        var index = Array.BinarySearch(_cumulativeWeights, pick + 1);
        return index >= 0 ? index : ~index;
    }
}
