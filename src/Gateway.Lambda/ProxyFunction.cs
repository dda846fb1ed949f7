using System.Text.Json;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Lambda.ApiGatewayEvents;
using Gateway.Lambda.PayloadV1;
using Gateway.Lambda.PayloadV2;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.Lambda;

/// <summary>
/// The proxy Lambda: an API Gateway event in, the upstream's answer (or the gateway's JSON error) out. It speaks
/// HTTP API payload 2.0 and, for the optional REST API front, payload 1.0, answering in the format it was asked in.
/// Handler: <c>Gateway.Lambda::Gateway.Lambda.ProxyFunction::HandleAsync</c>.
/// </summary>
public sealed partial class ProxyFunction
{
    private static readonly ApiGatewayJsonContext Json = ApiGatewayJsonContext.Default;

    private readonly GatewayHandler? _gateway;
    private readonly IReadOnlyList<ConfigProblem> _configProblems = [];

    /// <summary>The constructor the Lambda runtime calls, once per execution environment.</summary>
    public ProxyFunction()
        : this(Environment.GetEnvironmentVariable, NullLoggerFactory.Instance)
    {
    }

    /// <summary>Builds the function against an explicit environment (gatewayctl invoke, tests).</summary>
    public ProxyFunction(Func<string, string?> environment, ILoggerFactory loggerFactory)
    {
        (_gateway, _configProblems) = LambdaBootstrap.Build(environment, loggerFactory);
        var logger = loggerFactory.CreateLogger<ProxyFunction>();
        foreach (var problem in _configProblems)
        {
            LogConfigProblem(logger, problem.ToString());
        }
    }

    /// <summary>Wraps an already-built gateway (benchmarks, tests).</summary>
    public ProxyFunction(GatewayHandler gateway) => _gateway = gateway;

    public async Task<Stream> HandleAsync(Stream input)
    {
        var payload = await ReadAllAsync(input).ConfigureAwait(false);
        var output = new MemoryStream();
        await using (var writer = new Utf8JsonWriter(output))
        {
            await HandlePayloadAsync(payload, writer).ConfigureAwait(false);
        }
        output.Position = 0;
        return output;
    }

    private async ValueTask HandlePayloadAsync(ReadOnlyMemory<byte> payload, Utf8JsonWriter writer)
    {
        if (_gateway is null)
        {
            // A broken bundle answers every request with a clear error instead of failing every cold start.
            WriteV2(writer, Error(500, ErrorCodes.ConfigurationInvalid, $"the gateway configuration is invalid ({_configProblems.Count} problems; see the function's logs)"));
            return;
        }

        APIGatewayHttpApiV2ProxyRequest? httpApiEvent;
        try
        {
            httpApiEvent = JsonSerializer.Deserialize(payload.Span, Json.APIGatewayHttpApiV2ProxyRequest);
        }
        catch (JsonException exception)
        {
            WriteV2(writer, Error(400, ErrorCodes.InvalidEvent, $"the event is not valid JSON for an API Gateway proxy event: {exception.Message}"));
            return;
        }

        if (httpApiEvent is { Version: not "2.0", RawPath: null } && TryReadRestApiEvent(payload) is { } restApiEvent)
        {
            var restResponse = RestApiRequestMapper.TryMap(restApiEvent, out var restRequest, out var restEdge, out var restProblem)
                ? await _gateway.HandleAsync(restRequest!, restEdge).ConfigureAwait(false)
                : Error(400, ErrorCodes.InvalidEvent, restProblem!);
            JsonSerializer.Serialize(writer, RestApiResponseMapper.Map(restResponse), Json.APIGatewayProxyResponse);
            return;
        }

        if (httpApiEvent is null)
        {
            WriteV2(writer, Error(400, ErrorCodes.InvalidEvent, "the event is empty"));
            return;
        }
        var response = HttpApiRequestMapper.TryMap(httpApiEvent, out var request, out var edge, out var problem)
            ? await _gateway.HandleAsync(request!, edge).ConfigureAwait(false)
            : Error(400, ErrorCodes.InvalidEvent, problem!);
        WriteV2(writer, response);
    }

    /// <summary>A payload 1.0 event (REST API), recognised by its top-level httpMethod.</summary>
    private static APIGatewayProxyRequest? TryReadRestApiEvent(ReadOnlyMemory<byte> payload)
    {
        var restApiEvent = JsonSerializer.Deserialize(payload.Span, Json.APIGatewayProxyRequest);
        return restApiEvent?.HttpMethod is null ? null : restApiEvent;
    }

    private static void WriteV2(Utf8JsonWriter writer, GatewayResponse response) =>
        JsonSerializer.Serialize(writer, HttpApiResponseMapper.Map(response), Json.APIGatewayHttpApiV2ProxyResponse);

    private static GatewayResponse Error(int status, string code, string message) =>
        GatewayErrors.Create(Guid.NewGuid().ToString("N"), status, code, message);

    private static async ValueTask<ReadOnlyMemory<byte>> ReadAllAsync(Stream input)
    {
        if (input is MemoryStream memory && memory.TryGetBuffer(out var buffer))
        {
            return buffer.AsMemory((int)memory.Position);
        }
        var copy = new MemoryStream();
        await input.CopyToAsync(copy).ConfigureAwait(false);
        return copy.GetBuffer().AsMemory(0, (int)copy.Length);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Configuration problem: {Problem}")]
    private static partial void LogConfigProblem(ILogger logger, string problem);
}
