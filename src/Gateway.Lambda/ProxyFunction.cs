using System.Text.Json;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Lambda.ApiGatewayEvents;
using Gateway.Lambda.PayloadV1;
using Gateway.Lambda.PayloadV2;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.Lambda;

/// <summary>
/// The proxy Lambda: an API Gateway event in, the upstream's answer (or the gateway's JSON error) out. It speaks
/// HTTP API payload 2.0 and, for the optional REST API front, payload 1.0, answering in the format it was asked in.
/// Handler: <c>Gateway.Lambda::Gateway.Lambda.ProxyFunction::HandleAsync</c>.
/// </summary>
public sealed partial class ProxyFunction : ILambdaFunction
{
    private static readonly ApiGatewayJsonContext Json = ApiGatewayJsonContext.Default;

    private readonly LambdaBootstrap? _bootstrap;
    private readonly GatewayHandler? _gateway;

    /// <summary>The constructor the Lambda runtime calls, once per execution environment.</summary>
    public ProxyFunction()
        : this(Environment.GetEnvironmentVariable, LogOutput.StandardOutput)
    {
    }

    /// <summary>Builds the function against an explicit environment and log output (gatewayctl invoke, tests).</summary>
    /// <param name="customize">What a team's own bootstrap adds to the runtime (policies, transforms).</param>
    public ProxyFunction(Func<string, string?> environment, LogOutput logOutput, Action<GatewayRuntimeBuilder>? customize = null)
    {
        _bootstrap = LambdaBootstrap.Create(environment, logOutput, customize);
        _gateway = _bootstrap.BuildGateway();
        var logger = _bootstrap.LoggerFactory.CreateLogger<ProxyFunction>();
        foreach (var problem in _bootstrap.Problems)
        {
            LogConfigProblem(logger, problem.ToString());
        }
    }

    /// <summary>Wraps an already-built gateway (benchmarks, tests).</summary>
    public ProxyFunction(GatewayHandler gateway) => _gateway = gateway;

    public IReadOnlyList<ConfigProblem> ConfigProblems => _bootstrap?.Problems ?? [];

    /// <summary>The managed runtime's entry point.</summary>
    public Task<Stream> HandleAsync(Stream input) => HandleAsync(input, InvocationContext.None);

    public async Task<Stream> HandleAsync(Stream input, InvocationContext invocation)
    {
        // A payload that is not HTTP API 2.0 gets a second look as REST API 1.0.
        var payload = await LambdaStreams.RewindableAsync(input).ConfigureAwait(false);
        using var deadline = invocation.CreateDeadlineSource(TimeProvider.System);
        return LambdaStreams.Response(await HandlePayloadAsync(payload, invocation, deadline?.Token ?? default).ConfigureAwait(false));
    }

    private async ValueTask<byte[]> HandlePayloadAsync(Stream payload, InvocationContext invocation, CancellationToken deadline)
    {
        if (_gateway is null)
        {
            // On the managed runtime a broken bundle answers every request with a clear error instead of failing
            // every cold start (the Runtime API loop reports it as an init error instead).
            _bootstrap?.BeginInvocation(invocation, null);
            return V2(Error(500, ErrorCodes.ConfigurationInvalid, $"the gateway configuration is invalid ({_bootstrap?.Problems.Count} problems; see the function's logs)"));
        }

        var start = payload.Position;
        APIGatewayHttpApiV2ProxyRequest? httpApiEvent;
        try
        {
            httpApiEvent = JsonSerializer.Deserialize(payload, Json.APIGatewayHttpApiV2ProxyRequest);
        }
        catch (JsonException exception)
        {
            _bootstrap?.BeginInvocation(invocation, null);
            return V2(Error(400, ErrorCodes.InvalidEvent, $"the event is not valid JSON for an API Gateway proxy event: {exception.Message}"));
        }

        if (httpApiEvent is { Version: not "2.0", RawPath: null })
        {
            payload.Position = start;
            APIGatewayProxyRequest? restApiEvent;
            try
            {
                restApiEvent = JsonSerializer.Deserialize(payload, Json.APIGatewayProxyRequest);
            }
            catch (JsonException exception)
            {
                // Fine as payload 2.0, which reads fewer fields, but not as the payload 1.0 it looks like.
                _bootstrap?.BeginInvocation(invocation, null);
                return V1(Error(400, ErrorCodes.InvalidEvent, $"the event is not valid JSON for a REST API proxy event: {exception.Message}"));
            }
            if (restApiEvent is { HttpMethod: not null })
            {
                _bootstrap?.BeginInvocation(invocation, restApiEvent.RequestContext?.RequestId);
                return V1(RestApiRequestMapper.TryMap(restApiEvent, out var restRequest, out var restEdge, out var restProblem)
                    ? await _gateway.HandleAsync(restRequest!, restEdge, deadline: deadline).ConfigureAwait(false)
                    : Error(400, ErrorCodes.InvalidEvent, restProblem!));
            }
        }

        _bootstrap?.BeginInvocation(invocation, httpApiEvent?.RequestContext?.RequestId);
        if (httpApiEvent is null)
        {
            return V2(Error(400, ErrorCodes.InvalidEvent, "the event is empty"));
        }
        var response = HttpApiRequestMapper.TryMap(httpApiEvent, out var request, out var edge, out var problem)
            ? await _gateway.HandleAsync(request!, edge, deadline: deadline).ConfigureAwait(false)
            : Error(400, ErrorCodes.InvalidEvent, problem!);
        return V2(response);
    }

    private static byte[] V1(GatewayResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(RestApiResponseMapper.Map(response), Json.APIGatewayProxyResponse);

    private static byte[] V2(GatewayResponse response) =>
        JsonSerializer.SerializeToUtf8Bytes(HttpApiResponseMapper.Map(response), Json.APIGatewayHttpApiV2ProxyResponse);

    private static GatewayResponse Error(int status, string code, string message) =>
        GatewayErrors.Create(CorrelationIds.New128(), status, code, message);

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration problem: {Problem}")]
    private static partial void LogConfigProblem(ILogger logger, string problem);
}
