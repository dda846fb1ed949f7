using Gateway.GrpcTests.Generated;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.GrpcTests;

/// <summary>A real gRPC server (Grpc.AspNetCore, h2c on loopback) serving the test .proto's Tester service.</summary>
public sealed class TesterServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TesterServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Calls the server has answered or failed, counted for the breaker and retry tests.</summary>
    public int Calls => TesterService.Calls;

    public static async Task<TesterServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        app.MapGrpcService<TesterService>();
        await app.StartAsync();
        var address = new Uri(app.Urls.First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return new TesterServer(app, address);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class TesterService : Tester.TesterBase
    {
        public static int Calls;

        public override async Task<EchoReply> Echo(EchoRequest request, ServerCallContext context)
        {
            Interlocked.Increment(ref Calls);
            if (request.DelayMs > 0)
            {
                await Task.Delay(request.DelayMs, context.CancellationToken);
            }
            if (request.FailWith != 0)
            {
                var trailers = new Metadata { { "x-failure-detail", "asked to fail" } };
                throw new RpcException(new Status((StatusCode)request.FailWith, request.FailMessage), trailers);
            }
            await context.WriteResponseHeadersAsync(new Metadata { { "x-served-by", "tester" } });
            var reply = new EchoReply
            {
                Greeting = "Hello " + request.Name,
                Id = request.Id,
                Color = request.Color,
                Payload = request.Payload,
                DeadlineMs = context.Deadline == DateTime.MaxValue ? 0 : (long)(context.Deadline - DateTime.UtcNow).TotalMilliseconds,
            };
            reply.Tags.Add(request.Tags);
            foreach (var entry in context.RequestHeaders)
            {
                if (!entry.IsBinary)
                {
                    reply.Metadata[entry.Key] = entry.Value;
                }
            }
            return reply;
        }
    }
}
