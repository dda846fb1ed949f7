using Gateway.Composition;
using Gateway.Configuration;
using Gateway.LocalHost;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.Testing;

/// <summary>
/// A gateway served by the real local host on a free loopback port, with a client pointed at it and its warnings
/// and errors kept in <see cref="Logs"/> (the place to look when a test meets an unexpected 500).
/// </summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private GatewayServer(LocalGatewayHost host, LogCapture logs)
    {
        Host = host;
        Logs = logs;
        Client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public LocalGatewayHost Host { get; }

    public HttpClient Client { get; }

    public LogCapture Logs { get; }

    public static async Task<GatewayServer> StartAsync(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        await StartAsync(TestGateway.LoadConfig(yaml, environment));

    public static async Task<GatewayServer> StartAsync(GatewayConfig config)
    {
        var logs = new LogCapture();
        var logging = new PowertoolsJsonLoggerProvider(
            ExecutionEnvironment.FromEnvironment(_ => null, "test"), new LogLevelSettings(Microsoft.Extensions.Logging.LogLevel.Warning), logs.Output, TimeProvider.System);
        // Streaming as `gatewayctl serve` does, so every test served here also covers the streamed path.
        var gateway = GatewayBuilder.Build(config, TestGateway.Services(null) with { LoggerFactory = GatewayLogging.CreateFactory(logging), StreamsResponses = true });
        return new GatewayServer(await LocalGatewayHost.StartAsync(gateway, 0, StageContext.Default, logging), logs);
    }

    /// <summary>A gateway built elsewhere. <see cref="Logs"/> stays empty: its logs go where it was built to send them.</summary>
    /// <param name="logging">Where the host's own logs go (ASP.NET Core's warnings and errors); none by default.</param>
    public static async Task<GatewayServer> StartAsync(GatewayHandler gateway, ILoggerProvider? logging = null) =>
        new(await LocalGatewayHost.StartAsync(gateway, 0, StageContext.Default, logging), new LogCapture());

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
