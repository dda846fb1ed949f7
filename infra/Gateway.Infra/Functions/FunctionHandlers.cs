namespace Gateway.Infra.Functions;

/// <summary>A function's handler under each runtime (see <see cref="LambdaPlatform.HandlerOf"/>).</summary>
/// <param name="FunctionName">What the AOT bootstrap reads from <c>_HANDLER</c>: the function's logical id.</param>
public sealed record FunctionHandler(string FunctionName, string ManagedHandler);

/// <summary>The handlers of the functions, as template.yaml names them too (the health checker only deploys from CDK).</summary>
public static class FunctionHandlers
{
    public static FunctionHandler Proxy { get; } = new("ProxyFunction", "Gateway.Lambda::Gateway.Lambda.ProxyFunction::HandleAsync");

    public static FunctionHandler Authorizer { get; } = new("AuthorizerFunction", "Gateway.Lambda::Gateway.Lambda.AuthorizerFunction::HandleAsync");

    public static FunctionHandler HealthCheck { get; } = new("HealthCheckFunction", "Gateway.Lambda::Gateway.Lambda.HealthCheckFunction::HandleAsync");
}
