using System.Text.Json;
using Gateway.Configuration;
using Gateway.Observability;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Resilience;

/// <summary>
/// The breakers of one gateway instance, one per service instance, created once so that every route to a service
/// shares its breakers (and their cached state).
/// </summary>
public sealed class BreakerRegistry(IBreakerStore store, TimeProvider time, ILogger logger) : IStateReporter
{
    private readonly Dictionary<string, CircuitBreaker?[]> _byService = new(StringComparer.Ordinal);

    /// <summary>The breakers of <paramref name="service"/>'s instances, in order; null entries when it has no breaker.</summary>
    public CircuitBreaker?[] For(ServiceConfig service)
    {
        lock (_byService)
        {
            if (!_byService.TryGetValue(service.Name, out var breakers))
            {
                breakers = service.Instances
                    .Select(instance => service.CircuitBreaker.Enabled
                        ? new CircuitBreaker(new BreakerKey(service.Name, instance.Url.ToString()), service.CircuitBreaker, store, time, logger)
                        : null)
                    .ToArray();
                _byService[service.Name] = breakers;
            }
            return breakers;
        }
    }

    public string Section => "breakers";

    /// <summary>Every breaker created so far, service by service in instance order.</summary>
    public IReadOnlyList<CircuitBreaker> Breakers
    {
        get
        {
            lock (_byService)
            {
                return [.. _byService.Values.SelectMany(breakers => breakers).OfType<CircuitBreaker>()];
            }
        }
    }

    /// <summary>Each breaker as this instance last read it (the shared state may have moved on since).</summary>
    public void Write(Utf8JsonWriter json)
    {
        json.WriteStartArray();
        foreach (var breaker in Breakers)
        {
            breaker.WriteState(json);
        }
        json.WriteEndArray();
    }
}
