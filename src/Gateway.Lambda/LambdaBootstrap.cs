using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Observability;
using Gateway.Pipeline;
using Gateway.Stores.DynamoDb;
using Microsoft.Extensions.Logging;

namespace Gateway.Lambda;

/// <summary>
/// Cold-start work shared by the functions: load the bundled configuration and build the gateway, once per
/// execution environment, on DynamoDB stores when <c>GATEWAY_TABLE_NAME</c> is set and in-memory ones otherwise.
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
        if (environment(EnvironmentVariables.TableName) is { Length: > 0 } table)
        {
            // Shared state across every execution environment; without a table each one keeps its own, in memory.
            var timeout = result.Config.Settings.StoreTimeout;
            var (counters, breakers) = DynamoDbStores.Create(DynamoDbStores.CreateClient(environment, timeout), table, timeout, services.Time);
            services = services with { Counters = counters, Breakers = breakers };
        }
        return (GatewayBuilder.Build(result.Config, services), []);
    }
}
