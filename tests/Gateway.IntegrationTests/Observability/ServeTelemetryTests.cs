using System.Text.Json;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Observability;

/// <summary>gatewayctl serve's stdout and admin port, read from the outside.</summary>
public sealed class ServeTelemetryTests
{
    [Fact]
    public async Task Serve_logs_access_lines_and_exposes_metrics_health_and_state_on_the_admin_port()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(configFile, $$"""
            gateway: { name: serve-telemetry }
            services: { api: { url: "{{upstream.BaseUrl}}" } }
            routes:
              - name: items
                path: "/items/{id}"
                methods: [GET]
                service: api
                policies:
                  rateLimit: { limits: [ { name: per-route, by: route, requests: 100, per: 1m } ] }
            """);
        try
        {
            await using var serve = await GatewayCtlProcess.StartServeAsync(configFile);
            for (var i = 0; i < 3; i++)
            {
                using var ok = await serve.Client.GetAsync($"/items/{i}");
                Assert.True(ok.IsSuccessStatusCode);
            }
            using var notFound = await serve.Client.GetAsync("/missing");

            var metrics = await serve.Admin.GetStringAsync("/metrics");
            Assert.Contains("# TYPE gateway_requests_total counter", metrics, StringComparison.Ordinal);
            Assert.Contains("gateway_requests_total{route=\"items\",service=\"api\"} 3", metrics, StringComparison.Ordinal);
            Assert.Contains("gateway_4xx_total{route=\"\",service=\"\"} 1", metrics, StringComparison.Ordinal);
            // The process's own gauges: a resident size of a plausible size, the heap after the last collection within it
            // (0 while no collection has run yet), collections counted per generation.
            Assert.InRange(PrometheusValue(metrics, "process_resident_memory_bytes"), 10e6, 4e9);
            Assert.InRange(PrometheusValue(metrics, "dotnet_gc_heap_size_bytes"), 0, PrometheusValue(metrics, "process_resident_memory_bytes"));
            Assert.InRange(PrometheusValue(metrics, "dotnet_gc_allocated_bytes_total"), 1e5, 1e12);
            Assert.Matches(@"(?m)^dotnet_gc_collections_total\{generation=""2""\} \d+$", metrics);
            Assert.Equal("""{"status":"ok"}""", await serve.Admin.GetStringAsync("/healthz"));
            using var state = JsonDocument.Parse(await serve.Admin.GetStringAsync("/admin/state"));
            Assert.Equal("items", state.RootElement.GetProperty("routes")[0].GetProperty("name").GetString());
            var breaker = Assert.Single(state.RootElement.GetProperty("breakers").EnumerateArray());
            Assert.Equal(("api", "closed"), (breaker.GetProperty("service").GetString(), breaker.GetProperty("state").GetString()));
            var limiters = state.RootElement.GetProperty("limiters");
            Assert.Equal(1, limiters.GetProperty("countersKnown").GetInt32());
            Assert.Equal(3, limiters.GetProperty("counters")[0].GetProperty("count").GetInt64());
            using var gatewayAdmin = await serve.Client.GetAsync("/metrics");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gatewayAdmin.StatusCode);

            var accessLines = (await serve.StopAndReadOutputAsync())
                .Split('\n')
                .Where(line => line.StartsWith('{'))
                .Select(line => JsonDocument.Parse(line).RootElement)
                .Where(line => line.GetProperty("message").GetString() == "request completed")
                .ToArray();
            Assert.Equal(5, accessLines.Length);
            Assert.All(accessLines, line =>
            {
                Assert.Equal("serve-telemetry", line.GetProperty("service").GetString());
                Assert.False(line.TryGetProperty("function_name", out _));
                Assert.True(line.TryGetProperty("correlation_id", out _));
            });
            Assert.Equal([200, 200, 200, 404, 404], accessLines.Select(line => line.GetProperty("status").GetInt32()));
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    private static double PrometheusValue(string text, string name)
    {
        var line = text.Split('\n').Single(line => line.StartsWith(name + " ", StringComparison.Ordinal));
        return double.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}
