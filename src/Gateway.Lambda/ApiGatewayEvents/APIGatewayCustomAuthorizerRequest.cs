namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>What a REST API sends a REQUEST Lambda authorizer (payload format 1.0).</summary>
public sealed class APIGatewayCustomAuthorizerRequest
{
    public string? Type { get; set; }

    /// <summary><c>arn:aws:execute-api:region:account:api-id/stage/VERB/resource-path</c>.</summary>
    public string? MethodArn { get; set; }
    public string? Resource { get; set; }
    public string? Path { get; set; }
    public string? HttpMethod { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public Dictionary<string, string[]>? MultiValueHeaders { get; set; }
    public Dictionary<string, string>? QueryStringParameters { get; set; }
    public Dictionary<string, string>? PathParameters { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public APIGatewayProxyRequest.RestRequestContext? RequestContext { get; set; }
}
