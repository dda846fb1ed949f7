using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalHost.Demo;

/// <summary>
/// A tiny upstream that answers every request with a JSON echo of what reached it (method, path, query, headers,
/// body), so a newcomer can see what the gateway forwarded. POST answers 201. A second port serves the demo gRPC
/// service (<see cref="DemoGreeter"/>) over h2c: without TLS, Kestrel speaks HTTP/2 only to ports that speak nothing
/// else. Loopback only.
/// </summary>
public sealed class DemoUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DemoUpstream(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    /// <summary>Where the demo gRPC service listens (HTTP/2 without TLS).</summary>
    public Uri GrpcAddress { get; private set; } = null!;

    public static async Task<DemoUpstream> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2);
        });
        var app = builder.Build();
        app.MapGrpcService<DemoGreeter>();
        // A fallback endpoint, not terminal middleware: middleware would answer before the gRPC endpoint could.
        app.MapFallback("{**path}", EchoAsync);
        var upstream = new DemoUpstream(app);
        await app.StartAsync().ConfigureAwait(false);
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        upstream.Address = addresses[0];
        upstream.GrpcAddress = addresses[1];
        return upstream;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task EchoAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(http.RequestAborted).ConfigureAwait(false);
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
        var question = target.IndexOf('?');

        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("upstream", "demo");
            json.WriteString("method", http.Request.Method);
            json.WriteString("path", question < 0 ? target : target[..question]);
            json.WriteString("query", question < 0 ? string.Empty : target[(question + 1)..]);
            json.WriteStartObject("headers");
            foreach (var (name, values) in http.Request.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            {
                json.WriteString(name, values.ToString());
            }
            json.WriteEndObject();
            if (body.Length > 0)
            {
                json.WriteString("body", body);
            }
            json.WriteEndObject();
        }

        http.Response.StatusCode = HttpMethods.IsPost(http.Request.Method) ? StatusCodes.Status201Created : StatusCodes.Status200OK;
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = buffer.Length;
        await http.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), http.RequestAborted).ConfigureAwait(false);
    }
}
