using System.Text.Json;

namespace Gateway.Infra.Http;

/// <summary>The HTTP API stage's access log lines: one JSON object per request, with API Gateway's <c>$context</c> values.</summary>
public static class HttpApiAccessLog
{
    /// <summary>The fields; <c>requestId</c> is API Gateway's, which the proxy uses when the client sent none.</summary>
    public static IReadOnlyDictionary<string, string> Fields { get; } = new Dictionary<string, string>
    {
        ["requestId"] = "$context.requestId",
        ["ip"] = "$context.identity.sourceIp",
        ["requestTime"] = "$context.requestTime",
        ["method"] = "$context.httpMethod",
        ["path"] = "$context.path",
        ["routeKey"] = "$context.routeKey",
        ["status"] = "$context.status",
        ["protocol"] = "$context.protocol",
        ["responseLength"] = "$context.responseLength",
        ["latency"] = "$context.responseLatency",
        ["integrationLatency"] = "$context.integrationLatency",
        ["integrationStatus"] = "$context.integrationStatus",
        ["integrationError"] = "$context.integrationErrorMessage",
        ["authorizerError"] = "$context.authorizer.error",
    };

    public static string Format { get; } = JsonSerializer.Serialize(Fields);
}
