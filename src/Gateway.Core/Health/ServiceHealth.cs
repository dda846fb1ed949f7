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
        var verdict = HealthVerdict.After(IsHealthy(instance), _streak[instance], passed, settings);
        _streak[instance] = verdict.Streak;
        Volatile.Write(ref _healthy[instance], verdict.Healthy);
        return verdict.Changed;
    }
}

/// <summary>
/// An instance's health after one more probe: a run of <c>unhealthyAfter</c> failed probes takes a healthy instance
/// out, a run of <c>healthyAfter</c> passing ones brings it back; <see cref="Streak"/> counts the probes so far that
/// disagree with the current state. One rule for serve's probe loops and Lambda's scheduled checker, which keeps
/// the streak in the table between runs.
/// </summary>
public readonly record struct HealthVerdict(bool Healthy, int Streak, bool Changed)
{
    public static HealthVerdict After(bool healthy, int streak, bool passed, HealthCheckSettings settings)
    {
        if (passed == healthy)
        {
            return new HealthVerdict(healthy, 0, Changed: false);
        }
        var disagreeing = streak + 1;
        return disagreeing < (healthy ? settings.UnhealthyAfter : settings.HealthyAfter)
            ? new HealthVerdict(healthy, disagreeing, Changed: false)
            : new HealthVerdict(passed, 0, Changed: true);
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
