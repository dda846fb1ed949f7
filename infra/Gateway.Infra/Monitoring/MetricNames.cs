namespace Gateway.Infra.Monitoring;

/// <summary>
/// The EMF metrics the functions emit (namespace POWERTOOLS_METRICS_NAMESPACE, dimension <c>Service</c> =
/// POWERTOOLS_SERVICE_NAME, as Powertools names it; unit Count) that the alarms read. Counts other than Requests are
/// sent only when non-zero, so an alarm reads a missing one as zero. README.md, "Metrics and alarms", lists them for
/// whoever writes the emitting side.
/// </summary>
public static class MetricNames
{
    public const string ServiceDimension = "Service";

    /// <summary>Every request the proxy answered, once each.</summary>
    public const string Requests = "Requests";

    /// <summary>Requests the proxy answered with a status of 500 to 599 (its own errors and upstream ones).</summary>
    public const string ServerErrors = "5xx";

    /// <summary>Requests refused because a service's circuit breaker was open (503 circuit_open or the fallback).</summary>
    public const string BreakerOpenRejections = "BreakerOpenRejections";
}
