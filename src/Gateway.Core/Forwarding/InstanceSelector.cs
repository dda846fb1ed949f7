using Gateway.Configuration;
using Gateway.Health;

namespace Gateway.Forwarding;

/// <summary>
/// Picks the instance of a service for the next attempt: in turn (round-robin) or in proportion to weight.
/// Instances the caller passes over (an open breaker, one already tried) and unhealthy ones are skipped while others remain.
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

    /// <summary>
    /// The index of the next instance, passing over those in <paramref name="skipped"/> (see <see cref="Skip"/>) and
    /// those <paramref name="health"/> found unhealthy; -1 when none is left.
    /// </summary>
    public int Next(ulong skipped = 0, ServiceHealth? health = null)
    {
        var start = _instances.Length == 1 ? 0
            : _mode == LoadBalancing.Weighted ? WeightedStart()
            : (int)((uint)Interlocked.Increment(ref _next) % (uint)_instances.Length);
        for (var offset = 0; offset < _instances.Length; offset++)
        {
            var index = (start + offset) % _instances.Length;
            if (!IsSkipped(skipped, index) && health?.IsHealthy(index) != false)
            {
                return index;
            }
        }
        return -1;
    }

    // Instances passed over, as bits: services have a handful of instances (64 at most are told apart).
    public static ulong Skip(ulong skipped, int index) => skipped | (1UL << (index & 63));

    private static bool IsSkipped(ulong skipped, int index) => (skipped & (1UL << (index & 63))) != 0;

    private int WeightedStart()
    {
        var pick = Random.Shared.Next(_cumulativeWeights[^1]);
        var index = Array.BinarySearch(_cumulativeWeights, pick + 1);
        return index >= 0 ? index : ~index;
    }
}
