using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Observability.Logging;
using Gateway.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Streaming;

/// <summary>
/// On serve, a WebSocket handshake on a route whose policies never see a body reaches the upstream, the client gets
/// 101, frames flow both ways and the session closes cleanly on both ends; the handshake is one request to the rate
/// limit and one line in the access log. The upstream is a real ASP.NET Core WebSocket server.
/// </summary>
public sealed class ServeWebSocketTests
{
    private const string Config = """
        services:
          chat: { url: "{{upstream}}" }
        routes:
          - name: chat
            path: /chat
            methods: [GET]
            service: chat
            policies:
              requestHeaders: { set: { X-Via: gateway } }
              rateLimit: { limits: [ { name: per-route, by: route, requests: 2, per: 1m } ] }
          - { name: mapped, path: /mapped, methods: [GET], service: chat, policies: { responseBody: { steps: [ { remove: [secret] } ] } } }
        """;

    [Fact]
    public async Task Frames_flow_both_ways_and_the_session_closes_cleanly_on_both_ends()
    {
        await using var upstream = await EchoServer.StartAsync();
        await using var gateway = await ServeAsync(upstream);
        using var socket = new ClientWebSocket();

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{gateway.Server.Host.Address.Port}/chat"), CancellationToken.None);
        var greeting = await ReceiveTextAsync(socket);
        await socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var echo = await ReceiveTextAsync(socket);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);

        Assert.Equal("welcome", greeting);
        Assert.Equal("echo: hello", echo);
        Assert.Equal(WebSocketState.Closed, socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await upstream.ClosedWith.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        // The handshake went through the route's policies.
        Assert.Equal("gateway", Assert.Single(upstream.Handshakes)["X-Via"]);
        var line = Assert.Single(gateway.Logs.Lines, entry => entry.Contains("\"path\":\"/chat\"", StringComparison.Ordinal));
        Assert.Contains("\"status\":101", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_handshake_counts_against_the_rate_limit()
    {
        await using var upstream = await EchoServer.StartAsync();
        await using var gateway = await ServeAsync(upstream);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };
            try
            {
                await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{gateway.Server.Host.Address.Port}/chat"), CancellationToken.None);
                await ReceiveTextAsync(socket);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
            }
            statuses.Add(socket.HttpStatusCode);
        }

        Assert.Equal([HttpStatusCode.SwitchingProtocols, HttpStatusCode.SwitchingProtocols, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(2, upstream.Handshakes.Count);
    }

    [Fact]
    public async Task A_route_whose_policy_reads_the_response_body_does_not_switch_protocols()
    {
        await using var upstream = await EchoServer.StartAsync();
        await using var gateway = await ServeAsync(upstream);
        using var socket = new ClientWebSocket { Options = { CollectHttpResponseDetails = true } };

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://127.0.0.1:{gateway.Server.Host.Address.Port}/mapped"), CancellationToken.None));

        // The upstream saw a plain GET (no Upgrade): its answer, not a 101, came back.
        Assert.Equal(HttpStatusCode.UpgradeRequired, socket.HttpStatusCode);
        Assert.Empty(upstream.Handshakes);
    }

    [Fact]
    public async Task An_upstream_that_switches_protocols_unasked_is_an_invalid_answer()
    {
        await using var upstream = await TestUpstream.StartAsync(async (http, _) =>
        {
            http.Response.StatusCode = 101;
            await http.Response.Body.FlushAsync();
        });
        await using var gateway = await ServeAsync(upstream.BaseUrl);

        using var response = await gateway.Server.Client.GetAsync("/chat");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    private static async Task<string> ReceiveTextAsync(ClientWebSocket socket)
    {
        var buffer = new byte[1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }

    private static Task<ServedGateway> ServeAsync(EchoServer upstream) => ServeAsync(upstream.BaseUrl);

    private static async Task<ServedGateway> ServeAsync(string upstream)
    {
        var logs = new LogCapture();
        var logging = new PowertoolsJsonLoggerProvider(Gateway.Observability.ExecutionEnvironment.FromEnvironment(_ => null, "ws"), new LogLevelSettings(LogLevel.Information), logs.Output, TimeProvider.System);
        var factory = GatewayLogging.CreateFactory(logging);
        var config = TestGateway.LoadConfig(Config.Replace("{{upstream}}", upstream, StringComparison.Ordinal), host: HostProfile.Container);
        var handler = GatewayBuilder.Build(config, TestGateway.Services(null) with
        {
            LoggerFactory = factory,
            StreamsResponses = true,
            Observers = [new AccessLogObserver(factory.CreateLogger<AccessLogObserver>())],
        });
        return new ServedGateway(await GatewayServer.StartAsync(handler), logs, factory);
    }

    private sealed record ServedGateway(GatewayServer Server, LogCapture Logs, ILoggerFactory Factory) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Server.DisposeAsync();
            Factory.Dispose();
        }
    }

    /// <summary>A WebSocket server: greets, echoes each text message, answers a close with a close; 426 to a plain GET.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private EchoServer(WebApplication app) => _app = app;

        public string BaseUrl { get; private set; } = null!;

        public ConcurrentQueue<IHeaderDictionary> Handshakes { get; } = new();

        public TaskCompletionSource<WebSocketCloseStatus?> ClosedWith { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<EchoServer> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            var server = new EchoServer(builder.Build());
            server._app.UseWebSockets();
            server._app.Run(server.HandleAsync);
            await server._app.StartAsync();
            server.BaseUrl = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            return server;
        }

        private async Task HandleAsync(HttpContext http)
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                http.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
                return;
            }
            Handshakes.Enqueue(new HeaderDictionary(http.Request.Headers.ToDictionary(h => h.Key, h => h.Value, StringComparer.OrdinalIgnoreCase)));
            using var socket = await http.WebSockets.AcceptWebSocketAsync();
            await socket.SendAsync("welcome"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            var buffer = new byte[1024];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    ClosedWith.TrySetResult(received.CloseStatus);
                    return;
                }
                await socket.SendAsync(Encoding.UTF8.GetBytes("echo: " + Encoding.UTF8.GetString(buffer, 0, received.Count)), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
