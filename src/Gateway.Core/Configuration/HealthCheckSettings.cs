namespace Gateway.Configuration;

/// <summary>
/// A service's active health check: a GET of <see cref="Path"/> on every instance each <see cref="Interval"/>. An
/// instance is unhealthy after <see cref="UnhealthyAfter"/> failed probes in a row and healthy again after
/// <see cref="HealthyAfter"/> passing ones; a probe passes when it answers one of <see cref="ExpectStatus"/> in time.
/// </summary>
public sealed record HealthCheckSettings(
    string Path,
    TimeSpan Interval,
    TimeSpan Timeout,
    int HealthyAfter,
    int UnhealthyAfter,
    IReadOnlyList<int> ExpectStatus);
