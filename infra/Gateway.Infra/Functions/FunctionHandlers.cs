namespace Gateway.Infra.Functions;

/// <summary>The handler strings of the two functions, as template.yaml names them too.</summary>
public static class FunctionHandlers
{
    public const string Proxy = "Gateway.Lambda::Gateway.Lambda.ProxyFunction::HandleAsync";
    public const string Authorizer = "Gateway.Lambda::Gateway.Lambda.AuthorizerFunction::HandleAsync";
}
