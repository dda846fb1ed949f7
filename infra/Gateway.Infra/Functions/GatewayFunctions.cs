using Amazon.CDK;
using Amazon.CDK.AWS.Events;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Constructs;
using LambdaFunctionProps = Amazon.CDK.AWS.Events.Targets.LambdaFunctionProps;
using LambdaFunctionTarget = Amazon.CDK.AWS.Events.Targets.LambdaFunction;
using Gateway.Configuration;
using Gateway.Infra.Storage;

namespace Gateway.Infra.Functions;

public sealed record GatewayFunctionsProps
{
    public required GatewayConfig Config { get; init; }

    public required StageConfig Stage { get; init; }

    public required StageProfile Profile { get; init; }

    public required Code Code { get; init; }

    public required LambdaPlatform Platform { get; init; }

    public required GatewayStorage Storage { get; init; }
}

/// <summary>
/// The gateway's two functions from one bundle, their environment, and their permissions: each gets exactly the
/// actions <see cref="FunctionPermissions"/> lists, on the table or the secret only.
/// </summary>
public sealed class GatewayFunctions : Construct
{
    /// <summary>The CloudWatch namespace the functions' EMF metrics go to; alarms read it.</summary>
    public const string MetricsNamespace = "ServerlessGateway";

    /// <summary>
    /// The health checker's size: a round of concurrent probes, each bounded by its service's timeout, well inside a
    /// minute (a missed round is not retried: the next one comes a minute later).
    /// </summary>
    private static readonly FunctionSettings HealthCheckSize = new(256, TimeSpan.FromSeconds(30));

    /// <summary>The extension's local endpoint; the authorizer reads the JWT secret from it.</summary>
    public const int SecretsExtensionPort = 2773;

    public GatewayFunctions(Construct scope, string id, GatewayFunctionsProps props)
        : base(scope, id)
    {
        var table = props.Storage.Table;
        var secret = props.Storage.JwtSecret;
        // One service per stage, so dev and prod metrics and alarms never mix in a shared account.
        ServiceName = $"{props.Config.Settings.Name}-{props.Stage.Name}";
        var common = new Dictionary<string, string>
        {
            [EnvironmentVariables.TableName] = table.TableName,
            [EnvironmentVariables.ServiceName] = ServiceName,
            [EnvironmentVariables.MetricsNamespace] = MetricsNamespace,
            [EnvironmentVariables.LogLevel] = "INFO",
        };

        Proxy = new GatewayFunction(this, "Proxy", new GatewayFunctionProps
        {
            LogicalId = "ProxyFunction",
            Handler = props.Platform.HandlerOf(FunctionHandlers.Proxy),
            Description = "Routes each request through the gateway pipeline to its upstream service.",
            Settings = props.Config.Functions.Proxy,
            Code = props.Code,
            Platform = props.Platform,
            Profile = props.Profile,
            Environment = common,
        });
        Authorizer = new GatewayFunction(this, "Authorizer", new GatewayFunctionProps
        {
            LogicalId = "AuthorizerFunction",
            Handler = props.Platform.HandlerOf(FunctionHandlers.Authorizer),
            Description = "HTTP API Lambda authorizer: verifies JWTs and tenant API keys.",
            Settings = props.Config.Functions.Authorizer,
            Code = props.Code,
            Platform = props.Platform,
            Profile = props.Profile,
            Environment = new Dictionary<string, string>(common) { [EnvironmentVariables.JwtSecretArn] = secret.SecretArn },
            // Only the authorizer reads a secret, so only it pays for the extension at cold start.
            ParamsAndSecrets = ParamsAndSecretsExtension.Layer(Stack.Of(this), props.Platform, new ParamsAndSecretsOptions
            {
                HttpPort = SecretsExtensionPort,
                CacheEnabled = true,
                SecretsManagerTtl = Duration.Minutes(5),
                LogLevel = ParamsAndSecretsLogLevel.WARN,
            }),
        });

        if (props.Config.Services.Values.Any(service => service.HealthCheck is not null))
        {
            // In Lambda an instance's health rides on its breaker's item, which the proxy reads anyway.
            if (props.Config.Services.Values.FirstOrDefault(service => service.HealthCheck is not null && !service.CircuitBreaker.Enabled) is { } unread)
            {
                throw new Scale.UndeployableConfigurationException(
                    $"services.{unread.Name}: a healthCheck needs the circuit breaker in Lambda (the proxy reads health with the breaker's state); remove circuitBreaker.enabled: false");
            }
            HealthCheck = new GatewayFunction(this, "HealthCheck", new GatewayFunctionProps
            {
                LogicalId = "HealthCheckFunction",
                Handler = props.Platform.HandlerOf(FunctionHandlers.HealthCheck),
                Description = "Probes every upstream instance that has a healthCheck and stores its health where the proxies read it.",
                Settings = HealthCheckSize,
                Code = props.Code,
                Platform = props.Platform,
                Profile = props.Profile,
                Environment = common,
            });
            Allow(HealthCheck, FunctionPermissions.HealthCheckTableActions, table.TableArn);
            _ = new Rule(this, "HealthCheckSchedule", new RuleProps
            {
                Description = "One round of upstream health checks a minute (EventBridge's finest rate).",
                Schedule = Schedule.Rate(Duration.Minutes(1)),
                Targets = [new LambdaFunctionTarget(HealthCheck.Alias, new LambdaFunctionProps { RetryAttempts = 0 })],
            });
        }

        Allow(Proxy, FunctionPermissions.ProxyTableActions, table.TableArn);
        Allow(Authorizer, FunctionPermissions.AuthorizerTableActions, table.TableArn);
        Allow(Authorizer, FunctionPermissions.AuthorizerSecretActions, secret.SecretArn);
    }

    public GatewayFunction Proxy { get; }

    public GatewayFunction Authorizer { get; }

    /// <summary>The scheduled health checker; only when a service has a <c>healthCheck</c>.</summary>
    public GatewayFunction? HealthCheck { get; }

    /// <summary>The functions' POWERTOOLS_SERVICE_NAME, the <c>service</c> dimension of their metrics.</summary>
    public string ServiceName { get; }

    private static void Allow(GatewayFunction function, IReadOnlyList<string> actions, string resourceArn) =>
        function.Role.AddToPrincipalPolicy(new PolicyStatement(new PolicyStatementProps
        {
            Actions = actions.ToArray(),
            Resources = [resourceArn],
        }));
}
