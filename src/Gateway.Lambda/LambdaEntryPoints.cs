using Gateway.Composition;
using Gateway.Observability.Logging;

namespace Gateway.Lambda;

/// <summary>
/// The handler strings template.yaml and the CDK stack name, and how to build each function in-process. The managed
/// <c>dotnet10</c> runtime takes an assembly::type::method string; the Native AOT <c>bootstrap</c> on
/// <c>provided.al2023</c> takes the function's name (its logical id in template.yaml). This is what the bootstrap and
/// <c>gatewayctl invoke</c> resolve a handler with: no reflection, and a handler that names no function here is an
/// error rather than a guess.
/// </summary>
public static class LambdaEntryPoints
{
    public const string AssemblyName = "Gateway.Lambda";
    public const string ProxyHandler = "Gateway.Lambda::Gateway.Lambda.ProxyFunction::HandleAsync";
    public const string AuthorizerHandler = "Gateway.Lambda::Gateway.Lambda.AuthorizerFunction::HandleAsync";
    public const string HealthCheckHandler = "Gateway.Lambda::Gateway.Lambda.HealthCheckFunction::HandleAsync";
    public const string ProxyFunctionName = nameof(ProxyFunction);
    public const string AuthorizerFunctionName = nameof(AuthorizerFunction);
    public const string HealthCheckFunctionName = nameof(HealthCheckFunction);

    /// <summary>The bootstrap's handlers (<c>_HANDLER</c> on provided.al2023).</summary>
    public static IReadOnlyList<string> FunctionNames { get; } = [ProxyFunctionName, AuthorizerFunctionName, HealthCheckFunctionName];

    public static IReadOnlyList<string> Handlers { get; } =
        [ProxyHandler, AuthorizerHandler, HealthCheckHandler, ProxyFunctionName, AuthorizerFunctionName, HealthCheckFunctionName];

    /// <summary>Builds the function a handler names, or returns null for an unknown handler.</summary>
    /// <param name="customize">What a team's own bootstrap adds to the runtime (policies, transforms) for every function.</param>
    public static ILambdaFunction? Resolve(string handler, Func<string, string?> environment, LogOutput logOutput, Action<GatewayRuntimeBuilder>? customize = null) =>
        handler switch
        {
            ProxyHandler or ProxyFunctionName => new ProxyFunction(environment, logOutput, customize),
            AuthorizerHandler or AuthorizerFunctionName => new AuthorizerFunction(environment, logOutput, customize),
            HealthCheckHandler or HealthCheckFunctionName => new HealthCheckFunction(environment, logOutput, customize),
            _ => null,
        };

    /// <summary>The function's stream handler, as <c>gatewayctl invoke</c> calls it, or null for an unknown handler.</summary>
    public static Func<Stream, Task<Stream>>? Create(string handler, Func<string, string?> environment, LogOutput logOutput) =>
        Resolve(handler, environment, logOutput) is { } function ? input => function.HandleAsync(input, InvocationContext.None) : null;
}
