using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.GrpcTests;

/// <summary>An h2c server that is not gRPC: every request gets the same status and a text body, no grpc-status.</summary>
public sealed class PlainHttp2Server : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _calls;

    private PlainHttp2Server(WebApplication app) => _app = app;

    public Uri Address => new(_app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));

    public int Calls => Volatile.Read(ref _calls);

    public static async Task<PlainHttp2Server> StartAsync(int status)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var server = new PlainHttp2Server(app);
        app.Run(async context =>
        {
            Interlocked.Increment(ref server._calls);
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("not a gRPC answer");
        });
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
