using System.Net;
using System.Security.Cryptography.X509Certificates;
using Gateway.Forwarding;
using Gateway.Health;
using Gateway.Http;
using Gateway.Observability.Logging;
using Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using HttpProtocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols;

namespace Gateway.LocalHost;

/// <summary>
/// Serves the gateway on Kestrel, bound to 127.0.0.1 only. The handler can be swapped while serving, which is how a
/// configuration reload takes effect without dropping requests. A long-lived host is where active health checks can
/// run: it probes the instances of the gateway it serves, and starts over with a swapped one.
/// </summary>
public sealed class LocalGatewayHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StageContext _stage;
    private readonly HttpClient _probeClient = UpstreamHttpClient.Create();
    private GatewayHandler _gateway;
    private HealthChecker _checker;

    private LocalGatewayHost(WebApplication app, GatewayHandler gateway, StageContext stage)
    {
        _app = app;
        _gateway = gateway;
        _stage = stage;
        _checker = StartChecks(gateway);
        app.Run(HandleAsync);
    }

    /// <summary>The address the host listens on, known once started (port 0 picks a free port).</summary>
    public Uri Address { get; private set; } = null!;

    public GatewayHandler Gateway => Volatile.Read(ref _gateway);

    /// <param name="certificate">When set, the port speaks HTTPS with HTTP/1.1 and HTTP/2 chosen by ALPN; otherwise plain HTTP/1.1.</param>
    public static async Task<LocalGatewayHost> StartAsync(GatewayHandler gateway, int port, StageContext stage, ILoggerProvider? logging = null,
        X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (logging is not null)
        {
            GatewayLogging.Configure(builder.Logging, logging);
            // A listener that cannot start (its port taken) is reported by the caller in one line; the host's own
            // "Hosting failed to start" entry would say the same again, as a log record.
            builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);
            // Hosting starts an Activity for every request whenever this category logs at any level, and HttpClient
            // then starts a child for the upstream call: two activities per request that nothing here reads, measured
            // at about 2% of serve's CPU. What the category logs per request is Information (the gateway writes its own
            // access line); its start-up failures are also thrown from StartAsync, which serve reports.
            builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                if (certificate is not null)
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(certificate);
                }
            });
            kestrel.AddServerHeader = false;
            // The gateway enforces its own body limit and answers 413 as JSON; Kestrel's must not cut in first.
            kestrel.Limits.MaxRequestBodySize = null;
            // Twice the gateway's own limits, for the same reason: up to there the gateway answers 414 and 431 in its
            // JSON shape; beyond, Kestrel refuses the bytes itself. Its default request line (8 KB) would cut in first.
            kestrel.Limits.MaxRequestLineSize = 2 * RequestLimits.MaxTargetLength;
            kestrel.Limits.MaxRequestHeaderCount = 2 * RequestLimits.MaxHeaderCount;
            kestrel.Limits.MaxRequestHeadersTotalSize = 2 * RequestLimits.MaxHeaderBytes;
        });
        var host = new LocalGatewayHost(builder.Build(), gateway, stage);
        await host._app.StartAsync().ConfigureAwait(false);
        var addresses = host._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>();
        host.Address = new Uri(addresses.Addresses.First());
        return host;
    }

    /// <summary>Serves new requests with <paramref name="gateway"/>; requests in flight finish on the old one.</summary>
    public void Swap(GatewayHandler gateway)
    {
        Volatile.Write(ref _gateway, gateway);
        var previous = Interlocked.Exchange(ref _checker, StartChecks(gateway));
        // The old probes stop on their own within one probe timeout; the swap need not wait for them.
        _ = previous.DisposeAsync().AsTask();
    }

    private HealthChecker StartChecks(GatewayHandler gateway) =>
        new(gateway.Config, gateway.Health, _probeClient, TimeProvider.System, _app.Services.GetRequiredService<ILogger<HealthChecker>>());

    public Task WaitForShutdownAsync(CancellationToken cancellationToken) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _checker.DisposeAsync().ConfigureAwait(false);
        _probeClient.Dispose();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext http)
    {
        var request = KestrelRequestAdapter.Read(http);
        var response = await Gateway.HandleAsync(request, new EdgeContext(null, null, _stage), http.RequestAborted).ConfigureAwait(false);
        await KestrelRequestAdapter.WriteAsync(http, response).ConfigureAwait(false);
    }
}
