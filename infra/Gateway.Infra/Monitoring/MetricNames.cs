namespace Gateway.Infra.Monitoring;

/// <summary>
/// The EMF metrics the functions emit (namespace POWERTOOLS_METRICS_NAMESPACE, dimension <c>service</c> =
/// POWERTOOLS_SERVICE_NAME, unit Count) that the alarms read. README.md, "Metrics and alarms", lists them for
/// whoever writes the emitting side.
/// </summary>
public static class MetricNames
{
    public const string ServiceDimension = "service";

    /// <summary>Every request the proxy answered, once each.</summary>
    public const string Requests = "Requests";

    /// <summary>Requests the proxy answered with a status of 500 to 599 (its own errors and upstream ones).</summary>
    public const string ServerErrors = "5xx";

    /// <summary>Requests refused because a service's circuit breaker was open (503 circuit_open or the fallback).</summary>
    public const string BreakerOpenRejections = "BreakerOpenRejections";
}
