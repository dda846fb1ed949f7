using System.Text.Json;
using Gateway.Http;
using Gateway.Json;

namespace Gateway.Pipeline;

/// <summary>Builds the one JSON error shape every gateway-generated error uses.</summary>
public static class GatewayErrors
{
    public static GatewayResponse Create(GatewayContext context, int status, string code, string message)
    {
        context.Telemetry.ErrorCode = code;
        return Create(context.RequestId, status, code, message);
    }

    public static GatewayResponse Create(string requestId, int status, string code, string message)
    {
        var response = new GatewayResponse(status)
        {
            Body = JsonSerializer.SerializeToUtf8Bytes(
                new ErrorEnvelope(new ErrorDetail(code, message, requestId)), GatewayJsonContext.Default.ErrorEnvelope),
        };
        response.Headers.Add(HeaderNames.ContentType, "application/json");
        return response;
    }
}

public sealed record ErrorEnvelope(ErrorDetail Error);

public sealed record ErrorDetail(string Code, string Message, string RequestId);
