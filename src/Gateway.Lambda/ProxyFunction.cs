using System.Text.Json;
using Gateway.Configuration;
using Gateway.Lambda.ApiGatewayEvents;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Lambda;

/// <summary>
/// The proxy Lambda: an HTTP API 2.0 event in, the upstream's answer (or the gateway's JSON error) out.
/// Handler: <c>Gateway.Lambda::Gateway.Lambda.ProxyFunction::HandleAsync</c>.
/// </summary>
public sealed partial class ProxyFunction
{
    private readonly GatewayHandler? _gateway;
    private readonly IReadOnlyList<ConfigProblem> _configProblems = [];
    private readonly ILogger _logger;

    /// <summary>The constructor the Lambda runtime calls, once per execution environment.</summary>
    public ProxyFunction()
        : this(Environment.GetEnvironmentVariable, NullLoggerFactory.Instance)
    {
    }

    /// <summary>Builds the function against an explicit environment (gatewayctl invoke, tests).</summary>
    public ProxyFunction(Func<string, string?> environment, ILoggerFactory loggerFactory)
    {
        _logger = loggerFactory.CreateLogger<ProxyFunction>();
        (_gateway, _configProblems) = LambdaBootstrap.Build(environment, loggerFactory);
        foreach (var problem in _configProblems)
        {
            LogConfigProblem(_logger, problem.ToString());
        }
    }

    /// <summary>Wraps an already-built gateway (benchmarks, tests).</summary>
    public ProxyFunction(GatewayHandler gateway)
    {
        _gateway = gateway;
        _logger = NullLogger.Instance;
    }

    public async Task<Stream> HandleAsync(Stream input)
    {
        var response = await HandleEventAsync(input).ConfigureAwait(false);
        var output = new MemoryStream();
        JsonSerializer.Serialize(output, response, ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyResponse);
        output.Position = 0;
        return output;
    }

    private async ValueTask<APIGatewayHttpApiV2ProxyResponse> HandleEventAsync(Stream input)
    {
        if (_gateway is null)
        {
            // A broken bundle answers every request with a clear error instead of failing every cold start.
            return Error(500, ErrorCodes.ConfigurationInvalid, $"the gateway configuration is invalid ({_configProblems.Count} problems; see the function's logs)");
        }

        APIGatewayHttpApiV2ProxyRequest? proxyEvent;
        try
        {
            proxyEvent = JsonSerializer.Deserialize(input, ApiGatewayJsonContext.Default.APIGatewayHttpApiV2ProxyRequest);
        }
        catch (JsonException exception)
        {
            return Error(400, ErrorCodes.InvalidEvent, $"the event is not a valid HTTP API 2.0 payload: {exception.Message}");
        }
        if (proxyEvent is null)
        {
            return Error(400, ErrorCodes.InvalidEvent, "the event is empty");
        }
        if (!HttpApiRequestMapper.TryMap(proxyEvent, out var request, out var edge, out var problem))
        {
            return Error(400, ErrorCodes.InvalidEvent, problem!);
        }

        var response = await _gateway.HandleAsync(request!, edge).ConfigureAwait(false);
        return HttpApiResponseMapper.Map(response);
    }

    private static APIGatewayHttpApiV2ProxyResponse Error(int status, string code, string message) =>
        HttpApiResponseMapper.Map(GatewayErrors.Create(Guid.NewGuid().ToString("N"), status, code, message));

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration problem: {Problem}")]
    private static partial void LogConfigProblem(ILogger logger, string problem);
}
