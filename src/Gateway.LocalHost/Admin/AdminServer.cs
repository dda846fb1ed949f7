using System.Net;
using System.Text.Json;
using Gateway.LocalHost.Metrics;
using Gateway.Pipeline;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalHost.Admin;

/// <summary>
/// The local host's admin endpoints, on their own port bound to 127.0.0.1 so that they are never reachable through
/// the gateway's port: <c>GET /metrics</c> (Prometheus text), <c>GET /healthz</c> and <c>GET /admin/state</c>
/// (routes, breaker states and limiter counters as this instance knows them).
/// </summary>
public sealed class AdminServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<GatewayHandler> _gateway;
    private readonly GatewayPrometheusMetrics _metrics;

    private AdminServer(WebApplication app, Func<GatewayHandler> gateway, GatewayPrometheusMetrics metrics)
    {
        _app = app;
        _gateway = gateway;
        _metrics = metrics;
        app.Run(HandleAsync);
    }

    public Uri Address { get; private set; } = null!;

    public static async Task<AdminServer> StartAsync(int port, Func<GatewayHandler> gateway, GatewayPrometheusMetrics metrics)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, port);
            kestrel.AddServerHeader = false;
        });
        var server = new AdminServer(builder.Build(), gateway, metrics);
        await server._app.StartAsync().ConfigureAwait(false);
        server.Address = new Uri(server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private Task HandleAsync(HttpContext http)
    {
        if (!HttpMethods.IsGet(http.Request.Method))
        {
            http.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            http.Response.Headers.Allow = "GET";
            return Task.CompletedTask;
        }
        return http.Request.Path.Value switch
        {
            "/metrics" => WriteMetricsAsync(http),
            "/healthz" => WriteAsync(http, "application/json", """{"status":"ok"}"""u8.ToArray()),
            "/admin/state" => WriteAsync(http, "application/json", State()),
            _ => NotFound(http),
        };
    }

    private async Task WriteMetricsAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await _metrics.WriteAsync(buffer, _gateway(), http.RequestAborted).ConfigureAwait(false);
        var process = new System.Text.StringBuilder();
        ProcessMetrics.AppendTo(process);
        buffer.Write(System.Text.Encoding.UTF8.GetBytes(process.ToString()));
        await WriteAsync(http, "text/plain; version=0.0.4; charset=utf-8", buffer.ToArray()).ConfigureAwait(false);
    }

    private byte[] State()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            var gateway = _gateway();
            json.WriteStartObject();
            json.WriteStartArray("routes");
            foreach (var route in gateway.Config.Routes)
            {
                json.WriteStartObject();
                json.WriteString("name", route.Name);
                json.WriteString("path", route.Path.Text);
                json.WriteString("methods", route.Methods is null ? "ANY" : string.Join(',', route.Methods.Order(StringComparer.Ordinal)));
                json.WriteString("service", route.Service ?? route.Split?.ServiceNames ?? route.Compose!.ServiceNames);
                json.WriteString("auth", route.Auth.Requirement.ToString());
                json.WriteStartArray("policies");
                foreach (var policy in route.Policies)
                {
                    json.WriteStringValue(policy.Name);
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            foreach (var reporter in gateway.StateReporters)
            {
                json.WritePropertyName(reporter.Section);
                reporter.Write(json);
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static Task WriteAsync(HttpContext http, string contentType, byte[] body)
    {
        http.Response.ContentType = contentType;
        http.Response.ContentLength = body.Length;
        return http.Response.Body.WriteAsync(body, http.RequestAborted).AsTask();
    }

    private static Task NotFound(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status404NotFound;
        return WriteAsync(http, "application/json", """{"error":{"code":"route_not_found","message":"admin endpoints: /metrics, /healthz, /admin/state"}}"""u8.ToArray());
    }
}
