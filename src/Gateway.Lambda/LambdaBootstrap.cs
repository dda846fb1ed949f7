using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Observability;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.Lambda;

/// <summary>
/// Cold-start work shared by the functions: load the bundled configuration and build the gateway, once per
/// execution environment.
/// </summary>
internal static class LambdaBootstrap
{
    public static (GatewayHandler? Gateway, IReadOnlyList<ConfigProblem> Problems) Build(Func<string, string?> environment, ILoggerFactory loggerFactory)
    {
        var loader = new GatewayConfigLoader(Policies.PolicyCatalog.Default, environment);
        var result = loader.LoadFile(EnvironmentVariables.ResolveConfigPath(environment));
        if (result.Config is null)
        {
            return (null, result.Problems);
        }
        var services = new GatewayServices
        {
            UpstreamClient = UpstreamHttpClient.Create(),
            LoggerFactory = loggerFactory,
            Observers = [new AccessLogObserver(loggerFactory.CreateLogger<AccessLogObserver>())],
        };
        return (GatewayBuilder.Build(result.Config, services), []);
    }
}
