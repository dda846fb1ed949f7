using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Lambda.RuntimeTests;

/// <summary>An invocation the host hands out on <c>GET invocation/next</c>, with the headers Lambda sends.</summary>
public sealed record QueuedInvocation(string RequestId, DateTimeOffset Deadline, string FunctionArn, string TraceHeader, byte[] Payload)
{
    public string? ClientContext { get; init; }

    public string? CognitoIdentity { get; init; }
}

/// <summary>What the runtime posted: the path's kind (response, error, init/error), the request id, headers and body.</summary>
public sealed record RuntimePost(string Kind, string? RequestId, string? ContentType, string? FunctionErrorType, byte[] Body, DateTimeOffset ReceivedAt)
{
    public string BodyText => System.Text.Encoding.UTF8.GetString(Body);
}

/// <summary>
/// The Lambda Runtime API (2018-06-01) on 127.0.0.1, written from AWS's documentation ("Using the Lambda runtime API
/// for custom runtimes"): /next hands out queued invocations with their headers and blocks while none is queued;
/// /response, /error and /init/error answer 202 and record what was posted. A post for an id that was not handed out
/// gets the documented 400 and is recorded as such.
/// </summary>
public sealed class RuntimeApiHost : IAsyncDisposable
{
    private const string Prefix = "/2018-06-01/runtime";

    private readonly WebApplication _app;
    private readonly Channel<QueuedInvocation> _queue = Channel.CreateUnbounded<QueuedInvocation>();
    private readonly Channel<RuntimePost> _posts = Channel.CreateUnbounded<RuntimePost>();
    private readonly HashSet<string> _handedOut = [];
    private int _nextCalls;

    private RuntimeApiHost(WebApplication app) => _app = app;

    /// <summary>The value for AWS_LAMBDA_RUNTIME_API: host:port.</summary>
    public string Endpoint { get; private set; } = null!;

    /// <summary>How many times the runtime asked for the next invocation.</summary>
    public int NextCalls => Volatile.Read(ref _nextCalls);

    public static async Task<RuntimeApiHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var host = new RuntimeApiHost(builder.Build());
        host._app.MapGet(Prefix + "/invocation/next", host.NextAsync);
        host._app.MapPost(Prefix + "/invocation/{id}/response", (HttpContext http, string id) => host.RecordAsync(http, "response", id));
        host._app.MapPost(Prefix + "/invocation/{id}/error", (HttpContext http, string id) => host.RecordAsync(http, "error", id));
        host._app.MapPost(Prefix + "/init/error", (HttpContext http) => host.RecordAsync(http, "init/error", null));
        await host._app.StartAsync();
        host.Endpoint = new Uri(host._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Authority;
        return host;
    }

    public void Enqueue(QueuedInvocation invocation) => _queue.Writer.TryWrite(invocation);

    /// <summary>The runtime's next post, or a TimeoutException.</summary>
    public async Task<RuntimePost> NextPostAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            return await _posts.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the runtime posted nothing within {timeout}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task NextAsync(HttpContext http)
    {
        Interlocked.Increment(ref _nextCalls);
        QueuedInvocation invocation;
        try
        {
            invocation = await _queue.Reader.ReadAsync(http.RequestAborted);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException)
        {
            return;
        }
        lock (_handedOut)
        {
            _handedOut.Add(invocation.RequestId);
        }
        var headers = http.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = invocation.Deadline.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = invocation.FunctionArn;
        headers["Lambda-Runtime-Trace-Id"] = invocation.TraceHeader;
        if (invocation.ClientContext is not null)
        {
            headers["Lambda-Runtime-Client-Context"] = invocation.ClientContext;
        }
        if (invocation.CognitoIdentity is not null)
        {
            headers["Lambda-Runtime-Cognito-Identity"] = invocation.CognitoIdentity;
        }
        http.Response.ContentType = "application/json";
        await http.Response.Body.WriteAsync(invocation.Payload, http.RequestAborted);
    }

    private async Task RecordAsync(HttpContext http, string kind, string? requestId)
    {
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        bool known;
        lock (_handedOut)
        {
            // An invocation is answered once: a second post for the same id is as wrong as one for an unknown id.
            known = requestId is null || _handedOut.Remove(requestId);
        }
        var post = new RuntimePost(known ? kind : "rejected " + kind, requestId, http.Request.ContentType,
            http.Request.Headers["Lambda-Runtime-Function-Error-Type"].FirstOrDefault(), body.ToArray(), DateTimeOffset.UtcNow);
        _posts.Writer.TryWrite(post);
        http.Response.StatusCode = known ? StatusCodes.Status202Accepted : StatusCodes.Status400BadRequest;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(known ? "{\"status\":\"OK\"}" : "{\"errorMessage\":\"invalid request id\",\"errorType\":\"InvalidRequestID\"}");
    }
}
