using Gateway.Configuration;
using Gateway.LocalHost;
using Gateway.Pipeline;

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
        new(await LocalGatewayHost.StartAsync(TestGateway.Build(config), 0, StageContext.Default));

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
