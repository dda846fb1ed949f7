using Gateway.Http;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.Observability;

/// <summary>Writes one access-log line per request.</summary>
public sealed partial class AccessLogObserver(ILogger<AccessLogObserver> logger) : IRequestObserver
{
    public void OnCompleted(GatewayContext context, GatewayResponse response, TimeSpan elapsed)
    {
        if (!logger.IsEnabled(LogLevel.Information))
        {
            return;
        }
        LogRequest(logger, context.Request.Method, context.OriginalPath, response.StatusCode, elapsed.TotalMilliseconds,
            context.Route?.Name, context.Telemetry.UpstreamService, context.RequestId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} -> {Status} in {ElapsedMs:F1} ms (route {Route}, upstream {Upstream}, request {RequestId})")]
    private static partial void LogRequest(ILogger logger, string method, string path, int status, double elapsedMs, string? route, string? upstream, string requestId);
}
