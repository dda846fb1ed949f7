using Gateway.Http;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.Observability.Logging;

/// <summary>Writes the one access-log line per request.</summary>
public sealed class AccessLogObserver(ILogger<AccessLogObserver> logger) : IRequestObserver
{
    public void OnCompleted(GatewayContext context, GatewayResponse response, TimeSpan elapsed)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        var telemetry = context.Telemetry;
        var entry = new AccessLogEntry(
            Method: context.Request.Method,
            // The path only: a query string may carry tokens.
            Path: context.OriginalPath,
            Status: response.StatusCode,
            ResponseTimeMs: elapsed.TotalMilliseconds,
            UpstreamTimeMs: telemetry.UpstreamTime?.TotalMilliseconds,
            Route: context.Route?.Name,
            UpstreamService: telemetry.UpstreamService,
            Tenant: context.Identity?.Tenant,
            RateLimited: telemetry.ErrorCode is ErrorCodes.RateLimited or ErrorCodes.QuotaExceeded,
            Tags: telemetry.Tags,
            ErrorCode: telemetry.ErrorCode,
            CorrelationId: context.RequestId,
            XrayTraceId: XrayTraceHeader.RootOf(context.Request.Headers.Get(XrayTraceHeader.HeaderName)));
        logger.Log(LogLevel.Information, AccessLogEntry.EventId, entry, null, AccessLogEntry.Format);
    }
}
