using System.Text.Json;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Health;
using Gateway.Observability.Logging;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Lambda;

/// <summary>
/// The scheduled health checker: an EventBridge rule invokes it (every minute, in the CDK stack, when a service has
/// a <c>healthCheck</c>); each invocation runs one <see cref="HealthCheckRound"/> against the gateway's table, whatever
/// the event says. It answers with what it found, one entry per instance.
/// Handler: <c>HealthCheckFunction</c> (bootstrap) or <c>Gateway.Lambda::Gateway.Lambda.HealthCheckFunction::HandleAsync</c>.
/// </summary>
public sealed partial class HealthCheckFunction : ILambdaFunction
{
    private readonly LambdaBootstrap _bootstrap;
    private readonly HealthCheckRound? _round;

    /// <summary>The constructor the Lambda runtime calls, once per execution environment.</summary>
    public HealthCheckFunction()
        : this(Environment.GetEnvironmentVariable, LogOutput.StandardOutput)
    {
    }

    /// <summary>Builds the function against an explicit environment and log output (gatewayctl invoke, tests).</summary>
    /// <param name="customize">What a team's own bootstrap adds to the runtime (policies, transforms).</param>
    public HealthCheckFunction(Func<string, string?> environment, LogOutput logOutput, Action<GatewayRuntimeBuilder>? customize = null)
    {
        _bootstrap = LambdaBootstrap.Create(environment, logOutput, customize);
        var logger = _bootstrap.LoggerFactory.CreateLogger<HealthCheckFunction>();
        foreach (var problem in _bootstrap.Problems)
        {
            LogConfigProblem(logger, problem.ToString());
        }
        if (_bootstrap.Config is { } config)
        {
            // Without the shared table the verdicts reach no proxy; in memory they only serve a local invoke.
            var store = (IBreakerStore?)_bootstrap.SharedState(config)?.Breakers ?? new InMemoryBreakerStore();
            _round = new HealthCheckRound(config, store, new HttpClient(), _bootstrap.LoggerFactory.CreateLogger<HealthCheckRound>());
        }
    }

    public IReadOnlyList<ConfigProblem> ConfigProblems => _bootstrap.Problems;

    /// <summary>The managed runtime's entry point.</summary>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, InvocationContext.None);

    public async Task<Stream> HandleAsync(Stream input, InvocationContext invocation)
    {
        _bootstrap.BeginInvocation(invocation, eventRequestId: null);
        if (_round is null)
        {
            throw new InvalidOperationException($"the gateway configuration is invalid ({_bootstrap.Problems.Count} problems; see the function's logs)");
        }
        using var deadline = invocation.CreateDeadlineSource(TimeProvider.System);
        var results = await _round.RunAsync(deadline?.Token ?? CancellationToken.None).ConfigureAwait(false);
        var output = new MemoryStream();
        using (var json = new Utf8JsonWriter(output))
        {
            json.WriteStartObject();
            json.WriteStartArray("instances");
            foreach (var result in results)
            {
                json.WriteStartObject();
                json.WriteString("service", result.Service);
                json.WriteString("instance", result.Instance);
                json.WriteBoolean("passed", result.Passed);
                json.WriteBoolean("healthy", result.Healthy);
                json.WriteBoolean("stored", result.Stored);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        output.Position = 0;
        return output;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration problem: {Problem}")]
    private static partial void LogConfigProblem(ILogger logger, string problem);
}
