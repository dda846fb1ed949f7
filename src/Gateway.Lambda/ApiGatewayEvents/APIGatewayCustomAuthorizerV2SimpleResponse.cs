namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>
/// An HTTP API Lambda authorizer's simple response: allow or deny, plus the context API Gateway hands the
/// integration as <c>requestContext.authorizer.lambda</c>. A deny becomes API Gateway's 403.
/// </summary>
public sealed class APIGatewayCustomAuthorizerV2SimpleResponse
{
    public bool IsAuthorized { get; set; }
    public Dictionary<string, string>? Context { get; set; }
}
