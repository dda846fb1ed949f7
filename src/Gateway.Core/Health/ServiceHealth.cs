using System.Collections.Concurrent;
using Gateway.Configuration;

namespace Gateway.Health;

/// <summary>
/// What the active health checks last concluded about each instance of one service. Instances start healthy (the
/// passive breaker still guards them until the first probes); a run of failed probes takes one out, a run of passing
/// ones brings it back. Readers on the request path only read one flag per instance.
/// </summary>
public sealed class ServiceHealth(int instances, HealthCheckSettings settings)
{
    private readonly bool[] _healthy = Enumerable.Repeat(true, instances).ToArray();

    // Consecutive probes that disagree with the current state, per instance; only the prober writes them.
    private readonly int[] _streak = new int[instances];

    public bool IsHealthy(int instance) => Volatile.Read(ref _healthy[instance]);

    public bool AnyHealthy
    {
        get
        {
            for (var i = 0; i < _healthy.Length; i++)
            {
                if (IsHealthy(i))
                {
                    return true;
                }
            }
            return false;
        }
    }

    /// <summary>Counts one probe's outcome; returns true when it changed the instance's state.</summary>
    public bool Record(int instance, bool passed)
    {
        var healthy = IsHealthy(instance);
        if (passed == healthy)
        {
            _streak[instance] = 0;
            return false;
        }
        if (++_streak[instance] < (healthy ? settings.UnhealthyAfter : settings.HealthyAfter))
        {
            return false;
        }
        _streak[instance] = 0;
        Volatile.Write(ref _healthy[instance], passed);
        return true;
    }
}

/// <summary>The health of every service that has a <c>healthCheck</c>, for one built gateway.</summary>
public sealed class HealthRegistry
{
    private readonly ConcurrentDictionary<string, ServiceHealth> _services = new(StringComparer.Ordinal);

    /// <summary>The service's health, or null when it has no health check (every instance then counts as healthy).</summary>
    public ServiceHealth? For(ServiceConfig service) =>
        service.HealthCheck is { } settings
            ? _services.GetOrAdd(service.Name, static (_, state) => new ServiceHealth(state.Instances.Count, state.Settings), (service.Instances, Settings: settings))
            : null;
}
