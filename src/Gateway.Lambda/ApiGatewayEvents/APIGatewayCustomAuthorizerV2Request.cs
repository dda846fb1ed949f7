namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>What an HTTP API sends a Lambda authorizer (payload format 2.0, type REQUEST).</summary>
public sealed class APIGatewayCustomAuthorizerV2Request
{
    public string? Version { get; set; }
    public string? Type { get; set; }
    public string? RouteArn { get; set; }

    /// <summary>The identity sources' values, in the authorizer's order; absent when it has none.</summary>
    public string[]? IdentitySource { get; set; }
    public string? RouteKey { get; set; }
    public string? RawPath { get; set; }
    public string? RawQueryString { get; set; }
    public string[]? Cookies { get; set; }

    /// <summary>Header names arrive lower-cased.</summary>
    public Dictionary<string, string>? Headers { get; set; }
    public Dictionary<string, string>? QueryStringParameters { get; set; }
    public APIGatewayHttpApiV2ProxyRequest.ProxyRequestContext? RequestContext { get; set; }
    public Dictionary<string, string>? PathParameters { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
}
