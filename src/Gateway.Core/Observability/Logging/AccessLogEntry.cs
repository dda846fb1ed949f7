using Microsoft.Extensions.Logging;

namespace Gateway.Observability.Logging;

/// <summary>
/// The one access-log line per request, as a struct the JSON logger writes field by field (no boxing, no message
/// formatting); any other logging provider gets <see cref="Format"/>.
/// </summary>
public readonly record struct AccessLogEntry(
    string Method,
    string Path,
    int Status,
    double ResponseTimeMs,
    double? UpstreamTimeMs,
    string? Route,
    string? UpstreamService,
    string? Tenant,
    bool RateLimited,
    IReadOnlyList<KeyValuePair<Gateway.Pipeline.TelemetryTag, string>> Tags,
    string? ErrorCode,
    string CorrelationId,
    string? XrayTraceId)
{
    public const string Message = "request completed";

    public static readonly EventId EventId = new(1000, "AccessLog");

    public static readonly Func<AccessLogEntry, Exception?, string> Format = static (entry, _) =>
        $"{entry.Method} {entry.Path} -> {entry.Status} in {entry.ResponseTimeMs:F1} ms (route {entry.Route ?? "-"}, request {entry.CorrelationId})";
}
