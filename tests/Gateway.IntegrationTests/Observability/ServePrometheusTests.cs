using Gateway.Testing;

namespace Gateway.IntegrationTests.Observability;

/// <summary>
/// serve's /metrics read as a Prometheus server reads it: histograms a p99 can be computed from, labelled by route,
/// service, status class and gateway error code with bounded values, and each breaker's state kept current.
/// </summary>
public sealed class ServePrometheusTests
{
    private const string RequestDuration = "gateway_request_duration_seconds";
    private const string UpstreamDuration = "gateway_upstream_duration_seconds";

    private static readonly double[] Boundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, double.PositiveInfinity];

    [Fact]
    public async Task Request_and_upstream_durations_are_histograms_by_route_service_status_class_and_error_code_and_the_breaker_gauge_follows_the_breaker()
    {
        await using var upstream = await TestUpstream.StartAsync((http, request) =>
        {
            if (request.RawTarget == "/items/unavailable")
            {
                http.Response.StatusCode = 503;
                return Task.CompletedTask;
            }
            return TestUpstream.Ok(http, request);
        });
        var refused = $"http://127.0.0.1:{RawTcpUpstream.UnusedPort()}";
        var configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(configFile, $$"""
            gateway: { name: serve-prometheus }
            services:
              api: { url: "{{upstream.BaseUrl}}", retry: { attempts: 1 } }
              down:
                url: "{{refused}}"
                retry: { attempts: 1 }
                circuitBreaker: { failureThreshold: 2, window: 1m, openDuration: 1m, stateCacheTtl: 0s }
            routes:
              - { name: items, path: "/items/{id}", methods: [GET], service: api }
              - { name: broken, path: "/broken", methods: [GET], service: down }
            """);
        try
        {
            await using var serve = await GatewayCtlProcess.StartServeAsync(configFile);
            var before = PrometheusText.Parse(await serve.Admin.GetStringAsync("/metrics"));
            Assert.Equal(0, before.Value("gateway_breaker_state", ("service", "down"), ("instance", refused + "/")));

            var statuses = new List<int>();
            async Task GetAsync(string path)
            {
                using var response = await serve.Client.GetAsync(path);
                statuses.Add((int)response.StatusCode);
            }
            for (var i = 0; i < 5; i++)
            {
                await GetAsync($"/items/{i}");
            }
            await GetAsync("/items/unavailable");
            // Two distinct unmatched paths: one series between them, labelled by no part of either path.
            await GetAsync("/missing/one");
            await GetAsync("/missing/two");
            await GetAsync("/broken");
            await GetAsync("/broken");
            await GetAsync("/broken");
            Assert.Equal([200, 200, 200, 200, 200, 503, 404, 404, 502, 502, 503], statuses);

            var text = await serve.Admin.GetStringAsync("/metrics");
            var metrics = PrometheusText.Parse(text);
            Assert.Equal("histogram", metrics.Types[RequestDuration]);
            Assert.Equal("histogram", metrics.Types[UpstreamDuration]);
            Assert.Equal("gauge", metrics.Types["gateway_breaker_state"]);

            (string, string)[] itemsOk = [("route", "items"), ("service", "api"), ("status_class", "2xx"), ("error_code", "")];
            Assert.Equal(5, metrics.Value(RequestDuration + "_count", itemsOk));
            var buckets = metrics.Buckets(RequestDuration, itemsOk);
            Assert.Equal(Boundaries, buckets.Select(bucket => bucket.UpperBound));
            // Cumulative: each bucket counts every request at or under its bound, the last one all of them.
            Assert.Equal(buckets.Select(bucket => bucket.Count).Order(), buckets.Select(bucket => bucket.Count));
            Assert.Equal(5, buckets[^1].Count);
            Assert.InRange(metrics.Value(RequestDuration + "_sum", itemsOk), 1e-6, 5 * 10.0);
            // Local requests answer well within the last finite bound, so the p99 is a finite number of seconds.
            Assert.InRange(metrics.Quantile(0.99, RequestDuration, itemsOk), 1e-6, 10);

            // The upstream's own 5xx carries no gateway error code; the gateway's answers carry theirs.
            Assert.Equal(1, metrics.Value(RequestDuration + "_count", ("route", "items"), ("service", "api"), ("status_class", "5xx"), ("error_code", "")));
            Assert.Equal(2, metrics.Value(RequestDuration + "_count", ("route", ""), ("service", ""), ("status_class", "4xx"), ("error_code", "route_not_found")));
            Assert.Equal(2, metrics.Value(RequestDuration + "_count", ("route", "broken"), ("service", "down"), ("status_class", "5xx"), ("error_code", "upstream_unreachable")));
            Assert.Equal(1, metrics.Value(RequestDuration + "_count", ("route", "broken"), ("service", "down"), ("status_class", "5xx"), ("error_code", "circuit_open")));
            Assert.Equal(statuses.Count, metrics.Samples.Where(sample => sample.Name == RequestDuration + "_count").Sum(sample => sample.Value));
            Assert.DoesNotContain("missing", text, StringComparison.Ordinal);

            // Only requests that reached the upstream have an upstream duration.
            Assert.Equal(6, metrics.Value(UpstreamDuration + "_count", ("route", "items"), ("service", "api")));
            Assert.DoesNotContain(metrics.Samples, sample => sample.Name.StartsWith(UpstreamDuration, StringComparison.Ordinal) && sample.Labels["route"] == "");
            Assert.Equal(Boundaries, metrics.Buckets(UpstreamDuration, ("route", "items"), ("service", "api")).Select(bucket => bucket.UpperBound));

            // The EMF counts, as counters by route and service.
            Assert.Equal(6, metrics.Value("gateway_requests_total", ("route", "items"), ("service", "api")));
            Assert.Equal(2, metrics.Value("gateway_4xx_total", ("route", ""), ("service", "")));
            Assert.Equal(3, metrics.Value("gateway_5xx_total", ("route", "broken"), ("service", "down")));
            Assert.Equal(1, metrics.Value("gateway_breaker_transitions_total", ("route", "broken"), ("service", "down")));
            Assert.Equal(1, metrics.Value("gateway_breaker_open_rejections_total", ("route", "broken"), ("service", "down")));

            // 0 closed, 2 open: the refused service's breaker opened after its second failure; the api's stayed closed.
            Assert.Equal(2, metrics.Value("gateway_breaker_state", ("service", "down"), ("instance", refused + "/")));
            Assert.Equal(0, metrics.Value("gateway_breaker_state", ("service", "api"), ("instance", upstream.BaseUrl + "/")));
        }
        finally
        {
            File.Delete(configFile);
        }
    }
}
