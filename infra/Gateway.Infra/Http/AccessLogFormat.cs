using System.Text.Json;

namespace Gateway.Infra.Http;

/// <summary>The stages' access log lines: one JSON object per request, with API Gateway's <c>$context</c> values.</summary>
public static class AccessLogFormat
{
    /// <summary>The fields, named as the gateway's own access log names them where both have one.</summary>
    public static IReadOnlyDictionary<string, string> HttpApiFields { get; } = new Dictionary<string, string>
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

    public static string HttpApi { get; } = JsonSerializer.Serialize(HttpApiFields);
}
