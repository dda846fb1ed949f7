using Gateway.Configuration;
using Gateway.LocalHost;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.Testing;

/// <summary>A gateway served by the real local host on a free loopback port, with a client pointed at it.</summary>
public sealed class GatewayServer : IAsyncDisposable
{
    private GatewayServer(LocalGatewayHost host)
    {
        Host = host;
        Client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public LocalGatewayHost Host { get; }

    public HttpClient Client { get; }

    public static async Task<GatewayServer> StartAsync(string yaml, IReadOnlyDictionary<string, string>? environment = null) =>
        await StartAsync(TestGateway.LoadConfig(yaml, environment));

    public static async Task<GatewayServer> StartAsync(GatewayConfig config) =>
        await StartAsync(TestGateway.Build(config));

    /// <param name="logging">Where the host's own logs go (ASP.NET Core's warnings and errors); none by default.</param>
    public static async Task<GatewayServer> StartAsync(GatewayHandler gateway, ILoggerProvider? logging = null) =>
        new(await LocalGatewayHost.StartAsync(gateway, 0, StageContext.Default, logging));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
