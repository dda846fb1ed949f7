using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Gateway.Lambda.Runtime;

/// <summary>
/// The Lambda Runtime API (version 2018-06-01) as a custom runtime on <c>provided.al2023</c> speaks it: ask for the
/// next invocation, post its response or its error, or report that initialization failed. A stand-in for
/// Amazon.Lambda.RuntimeSupport, which is not served here.
/// </summary>
internal sealed class RuntimeApiClient : IDisposable
{
    public const string RuntimeApiVariable = "AWS_LAMBDA_RUNTIME_API";

    private const string RequestIdHeader = "Lambda-Runtime-Aws-Request-Id";
    private const string DeadlineHeader = "Lambda-Runtime-Deadline-Ms";
    private const string FunctionArnHeader = "Lambda-Runtime-Invoked-Function-Arn";
    private const string TraceIdHeader = "Lambda-Runtime-Trace-Id";
    private const string ClientContextHeader = "Lambda-Runtime-Client-Context";
    private const string CognitoIdentityHeader = "Lambda-Runtime-Cognito-Identity";
    private const string ErrorTypeHeader = "Lambda-Runtime-Function-Error-Type";

    private static readonly MediaTypeHeaderValue Json = new("application/json");

    private readonly HttpClient _http;

    /// <param name="endpoint">The value of <c>AWS_LAMBDA_RUNTIME_API</c>: host and port, no scheme.</param>
    public RuntimeApiClient(string endpoint)
        : this(endpoint, new SocketsHttpHandler { UseProxy = false, UseCookies = false })
    {
    }

    /// <summary>Over another transport (the loop's overhead benchmark, without the loopback round trips).</summary>
    internal RuntimeApiClient(string endpoint, HttpMessageHandler transport)
    {
        // /next blocks until an invocation arrives, however long the environment stays idle (or frozen).
        _http = new HttpClient(transport)
        {
            BaseAddress = new Uri($"http://{endpoint}/2018-06-01/runtime/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>Waits for the next invocation.</summary>
    /// <exception cref="RuntimeApiException">The Runtime API answered with something other than an event.</exception>
    public async Task<LambdaInvocation> NextInvocationAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync("invocation/next", HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new RuntimeApiException($"GET invocation/next answered {(int)response.StatusCode}");
        }
        var requestId = Header(response, RequestIdHeader)
            ?? throw new RuntimeApiException($"GET invocation/next answered without {RequestIdHeader}");
        var deadline = long.TryParse(Header(response, DeadlineHeader), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : (DateTimeOffset?)null;
        var payload = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        return new LambdaInvocation(
            requestId,
            deadline,
            Header(response, FunctionArnHeader),
            Header(response, TraceIdHeader),
            Header(response, ClientContextHeader),
            Header(response, CognitoIdentityHeader),
            payload);
    }

    public Task PostResponseAsync(string requestId, Stream response, CancellationToken cancellationToken)
    {
        var content = new StreamContent(response);
        content.Headers.ContentType = Json;
        return PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/response", content, null, cancellationToken);
    }

    /// <param name="functionErrorType">The Lambda-Runtime-Function-Error-Type header: what kind of failure it was.</param>
    public Task PostInvocationErrorAsync(string requestId, RuntimeError error, string functionErrorType, CancellationToken cancellationToken) =>
        PostAsync($"invocation/{Uri.EscapeDataString(requestId)}/error", ErrorContent(error), functionErrorType, cancellationToken);

    public Task PostInitErrorAsync(RuntimeError error, CancellationToken cancellationToken) =>
        PostAsync("init/error", ErrorContent(error), error.ErrorType, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task PostAsync(string path, HttpContent content, string? functionErrorType, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (functionErrorType is not null)
        {
            request.Headers.TryAddWithoutValidation(ErrorTypeHeader, functionErrorType);
        }
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        // 202 is the documented answer; 4xx means this runtime sent something wrong, 500 that the environment is
        // broken, and either way the runtime cannot go on serving.
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new RuntimeApiException($"POST {path} answered {(int)response.StatusCode}");
        }
    }

    private static ByteArrayContent ErrorContent(RuntimeError error)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(error, RuntimeJsonContext.Default.RuntimeError));
        content.Headers.ContentType = Json;
        return content;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) && values.ToString() is { Length: > 0 } value ? value : null;
}

/// <summary>The Runtime API answered in a way this runtime cannot continue from.</summary>
internal sealed class RuntimeApiException(string message) : Exception(message);
