using Gateway.Observability.Logging;

namespace Gateway.Lambda;

/// <summary>
/// The handler strings template.yaml and the CDK stack name, and how to build each function in-process. This is what
/// <c>gatewayctl invoke</c> resolves a template's handler with: no reflection, and a handler string that names no
/// function here is an error rather than a guess.
/// </summary>
public static class LambdaEntryPoints
{
    public const string AssemblyName = "Gateway.Lambda";
    public const string ProxyHandler = "Gateway.Lambda::Gateway.Lambda.ProxyFunction::HandleAsync";
    public const string AuthorizerHandler = "Gateway.Lambda::Gateway.Lambda.AuthorizerFunction::HandleAsync";

    public static IReadOnlyList<string> Handlers { get; } = [ProxyHandler, AuthorizerHandler];

    /// <summary>Builds the function a handler string names, or returns null for an unknown handler.</summary>
    public static Func<Stream, Task<Stream>>? Create(string handler, Func<string, string?> environment, LogOutput logOutput) =>
        handler switch
        {
            ProxyHandler => new ProxyFunction(environment, logOutput).HandleAsync,
            AuthorizerHandler => new AuthorizerFunction(environment, logOutput).HandleAsync,
            _ => null,
        };
}
