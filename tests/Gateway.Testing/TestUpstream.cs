using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.Testing;

/// <summary>What a test upstream received.</summary>
public sealed record ReceivedRequest(string Method, string RawTarget, IReadOnlyDictionary<string, string[]> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value is { } values ? string.Join(", ", values) : null;
}

/// <summary>
/// A real HTTP upstream on 127.0.0.1 with a free port, whose behaviour a test sets, and which records every request
/// it receives.
/// </summary>
public sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private Func<HttpContext, ReceivedRequest, Task> _behaviour = Ok;

    private TestUpstream(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public string BaseUrl => Address.ToString().TrimEnd('/');

    public IReadOnlyCollection<ReceivedRequest> Received => _received;

    public int HitCount => _received.Count;

    public ReceivedRequest Last => _received.Last();

    /// <summary>Raised when a request's headers arrive, before its body is read: how a test sees a body stream in.</summary>
    public event Action? RequestStarted;

    /// <param name="kestrel">Kestrel settings beyond loopback, for tests that send more than its defaults accept.</param>
    public static async Task<TestUpstream> StartAsync(Func<HttpContext, ReceivedRequest, Task>? behaviour = null, Action<KestrelServerOptions>? kestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            options.AddServerHeader = false;
            kestrel?.Invoke(options);
        });
        var upstream = new TestUpstream(builder.Build());
        if (behaviour is not null)
        {
            upstream._behaviour = behaviour;
        }
        upstream._app.Run(upstream.HandleAsync);
        await upstream._app.StartAsync();
        upstream.Address = new Uri(upstream._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return upstream;
    }

    /// <summary>Changes what the upstream does from the next request on.</summary>
    public void Respond(Func<HttpContext, ReceivedRequest, Task> behaviour) => _behaviour = behaviour;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The default: 200 with a small JSON body.</summary>
    public static Task Ok(HttpContext http, ReceivedRequest request)
    {
        http.Response.ContentType = "application/json";
        return http.Response.WriteAsync("{\"ok\":true}");
    }

    private async Task HandleAsync(HttpContext http)
    {
        RequestStarted?.Invoke();
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body);
        var headers = http.Request.Headers.ToDictionary(h => h.Key, h => h.Value.Select(v => v ?? string.Empty).ToArray(), StringComparer.OrdinalIgnoreCase);
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var received = new ReceivedRequest(http.Request.Method, target, headers, body.ToArray());
        _received.Enqueue(received);
        await _behaviour(http, received);
    }
}
