using System.Text.Json;
using System.Text.Json.Serialization;
using Gateway.Http;
using Gateway.Json;

namespace Gateway.Pipeline;

/// <summary>Builds the one JSON error shape every gateway-generated error uses.</summary>
public static class GatewayErrors
{
    /// <param name="limit">The limit or quota that refused the request, for clients that branch on it.</param>
    public static GatewayResponse Create(GatewayContext context, int status, string code, string message, string? limit = null)
    {
        context.Telemetry.ErrorCode = code;
        return Create(context.RequestId, status, code, message, limit);
    }

    public static GatewayResponse Create(string requestId, int status, string code, string message, string? limit = null)
    {
        var response = new GatewayResponse(status)
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(
                new ErrorEnvelope(new ErrorDetail(code, message, requestId, limit)), GatewayJsonContext.Default.ErrorEnvelope),
        };
        response.Headers.Add(HeaderNames.ContentType, "application/json");
        // Set here, not only by the handler: hosts answer some errors (an invalid event) without running it.
        response.Headers.Set(HeaderNames.RequestId, requestId);
        return response;
    }
}

public sealed record ErrorEnvelope(ErrorDetail Error);

public sealed record ErrorDetail(
    string Code,
    string Message,
    string RequestId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Limit = null);
