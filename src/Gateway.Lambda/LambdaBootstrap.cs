using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Observability.Metrics;
using Gateway.Pipeline;
using Gateway.State;
using Gateway.Stores.DynamoDb;
using Microsoft.Extensions.Logging;

namespace Gateway.Lambda;

/// <summary>
/// What every function keeps for the life of its execution environment, built once at cold start: the
/// configuration, logging (Powertools-shaped JSON) and, for the proxy, the gateway with its metrics (EMF), all on the
/// same output.
/// </summary>
internal sealed class LambdaBootstrap
{
    private const string DefaultMetricsNamespace = "ServerlessGateway";

    private readonly Func<string, string?> _environment;
    private readonly LogOutput _output;
    private readonly GatewayRuntimeBuilder _runtime;

    private LambdaBootstrap(Func<string, string?> environment, LogOutput output, Action<GatewayRuntimeBuilder>? customize)
    {
        _environment = environment;
        _runtime = new GatewayRuntimeBuilder(HostProfile.Lambda);
        customize?.Invoke(_runtime);
        var result = _runtime.ConfigLoader(environment).LoadFile(EnvironmentVariables.ResolveConfigPath(environment));
        Problems = result.Problems;
        Execution = ExecutionEnvironment.FromEnvironment(environment, result.Config?.Settings.Name ?? "serverless-gateway");
        Levels = LogLevelSettings.FromEnvironment(environment);
        LoggerFactory = GatewayLogging.CreateFactory(Execution, Levels, output, TimeProvider.System);
        Config = result.Config;
        _output = output;
        _runtime.UseLogging(LoggerFactory)
            .UseState(config => (IStateBackend?)SharedState(config) ?? new InMemoryStateBackend(TimeProvider.System));
    }

    /// <summary>The validated configuration; null when it has problems.</summary>
    public GatewayConfig? Config { get; }

    /// <summary>
    /// The proxy's gateway, on DynamoDB stores when <c>GATEWAY_TABLE_NAME</c> is set (shared by every execution
    /// environment), else on in-memory ones, with the access log and EMF metrics; null when the configuration has problems.
    /// </summary>
    public GatewayHandler? BuildGateway()
    {
        if (Config is not { } config)
        {
            return null;
        }
        var metricsNamespace = _environment(EnvironmentVariables.MetricsNamespace) ?? DefaultMetricsNamespace;
        return _runtime.AddObservers(
                new AccessLogObserver(LoggerFactory.CreateLogger<AccessLogObserver>()),
                new EmfMetricsObserver(metricsNamespace, new EmfWriter(_output, TimeProvider.System), Execution))
            .Build()
            .Build(config);
    }

    /// <summary>The DynamoDB state every execution environment shares, when <c>GATEWAY_TABLE_NAME</c> is set.</summary>
    public DynamoDbStateBackend? SharedState(GatewayConfig config) =>
        DynamoDbStateBackend.FromEnvironment(_environment, config.Settings.StoreTimeout, TimeProvider.System);

    public IReadOnlyList<ConfigProblem> Problems { get; }

    public ExecutionEnvironment Execution { get; }

    public LogLevelSettings Levels { get; }

    public ILoggerFactory LoggerFactory { get; }

    /// <param name="customize">What a team adds to the runtime from its own assembly (policies, transforms), before the configuration loads.</param>
    public static LambdaBootstrap Create(Func<string, string?> environment, LogOutput output, Action<GatewayRuntimeBuilder>? customize = null) =>
        new(environment, output, customize);

    /// <summary>
    /// Per invocation: the invocation's ids for the logs (Lambda's request id where the runtime offers it, else the
    /// event's; the invoked ARN where it offers it), and the debug-sampling decision.
    /// </summary>
    public void BeginInvocation(in InvocationContext invocation, string? eventRequestId)
    {
        Execution.BeginInvocation(invocation.RequestId ?? eventRequestId, _environment(XrayTraceHeader.EnvironmentVariable), invocation.FunctionArn);
        Levels.BeginInvocation();
    }
}
