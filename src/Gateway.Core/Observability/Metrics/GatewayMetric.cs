namespace Gateway.Observability.Metrics;

/// <summary>What the gateway measures. The names are CloudWatch metric names; alarms in the CDK stack use them.</summary>
public enum GatewayMetric
{
    Requests,
    Latency,
    ClientErrors,
    ServerErrors,
    RateLimited,
    QuotaExceeded,
    AuthFailures,
    BreakerTransitions,
    BreakerOpenRejections,
    StoreFailures,
    CacheHits,
    CacheMisses,

    /// <summary>Only requests that reached the upstream have it.</summary>
    UpstreamLatency,
}

/// <summary>A metric's CloudWatch name and unit (EMF's unit names).</summary>
public readonly record struct MetricDefinition(string Name, string Unit);

public static class GatewayMetrics
{
    public const string Count = "Count";
    public const string Milliseconds = "Milliseconds";

    /// <summary>Indexed by <see cref="GatewayMetric"/>.</summary>
    public static IReadOnlyList<MetricDefinition> Definitions { get; } =
    [
        new("Requests", Count),
        new("Latency", Milliseconds),
        new("4xx", Count),
        new("5xx", Count),
        new("RateLimited", Count),
        new("QuotaExceeded", Count),
        new("AuthFailures", Count),
        new("BreakerTransitions", Count),
        new("BreakerOpenRejections", Count),
        new("StoreFailures", Count),
        new("CacheHits", Count),
        new("CacheMisses", Count),
        new("UpstreamLatency", Milliseconds),
    ];

    public static int Total => Definitions.Count;

    /// <summary>Emitted once per execution environment, on its first invocation, as Powertools does.</summary>
    public static MetricDefinition ColdStart { get; } = new("ColdStart", Count);
}
