using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.LocalHost.Metrics;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Observability.Metrics;
using Microsoft.Extensions.Logging;
using Gateway.Testing;

namespace Gateway.UnitTests.Forwarding;

/// <summary>Canary splits: smooth weighted round-robin, sticky callers by consistent hashing, and their configuration.</summary>
public sealed class SplitTests
{
    private const string Services = "services:\n  v1: { url: http://v1.internal }\n  v2: { url: http://v2.internal }\n  v3: { url: http://v3.internal }\nroutes:\n";

    private static SplitChooser Chooser(params (string Service, int Weight)[] sides) =>
        new(sides.Select(side => new SplitSide(side.Service, side.Weight)).ToArray());

    [Theory]
    [InlineData(new[] { 90, 10 })]
    [InlineData(new[] { 67, 33 })]
    [InlineData(new[] { 3, 1 })]
    [InlineData(new[] { 50, 30, 20 })]
    [InlineData(new[] { 99, 1 })]
    public void Every_run_of_100_requests_gets_each_side_within_2_of_its_weight(int[] weights)
    {
        var chooser = Chooser(weights.Select((weight, i) => ($"s{i}", weight)).ToArray());
        var total = weights.Sum();
        var picks = Enumerable.Range(0, 1000).Select(_ => chooser.Next()).ToArray();

        for (var start = 0; start + 100 <= picks.Length; start++)
        {
            for (var side = 0; side < weights.Length; side++)
            {
                var observed = picks.Skip(start).Take(100).Count(pick => pick == side);
                var expected = 100.0 * weights[side] / total;
                Assert.InRange(observed, expected - 2, expected + 2);
            }
        }
    }

    [Fact]
    public void A_side_of_weight_0_gets_nothing_either_way()
    {
        var chooser = Chooser(("v1", 100), ("v2", 0));

        Assert.All(Enumerable.Range(0, 200), _ => Assert.Equal(0, chooser.Next()));
        Assert.All(Enumerable.Range(0, 200), i => Assert.Equal(0, chooser.ForKey($"tenant-{i}")));
    }

    [Fact]
    public void A_sticky_caller_always_gets_the_same_side_and_callers_spread_by_weight()
    {
        var chooser = Chooser(("orders-v1", 90), ("orders-v2", 10));
        var again = Chooser(("orders-v1", 90), ("orders-v2", 10));
        var keys = Enumerable.Range(0, 10_000).Select(i => $"tenant-{i}").ToArray();

        var sides = keys.Select(chooser.ForKey).ToArray();
        Assert.Equal(sides, keys.Select(again.ForKey));
        Assert.InRange(sides.Count(side => side == 1), 800, 1200);
    }

    [Fact]
    public void Raising_the_canary_moves_only_callers_onto_it_and_about_as_many_as_the_weight_moved()
    {
        var before = Chooser(("orders-v1", 90), ("orders-v2", 10));
        var after = Chooser(("orders-v1", 80), ("orders-v2", 20));
        var keys = Enumerable.Range(0, 10_000).Select(i => $"tenant-{i}").ToArray();

        var moves = keys.Select(key => (Before: before.ForKey(key), After: after.ForKey(key))).Where(pair => pair.Before != pair.After).ToArray();

        Assert.All(moves, move => Assert.Equal((0, 1), move));
        // The least possible: a tenth of the callers must move (10% of traffic changed sides).
        Assert.InRange(moves.Length, 800, 1200);
    }

    [Fact]
    public void Sides_are_known_by_service_so_reordering_the_list_moves_no_caller()
    {
        var listed = Chooser(("orders-v1", 90), ("orders-v2", 10));
        var reordered = Chooser(("orders-v2", 10), ("orders-v1", 90));

        Assert.All(Enumerable.Range(0, 2000), i => Assert.Equal(listed.ForKey($"k{i}"), 1 - reordered.ForKey($"k{i}")));
    }

    [Fact]
    public async Task The_gateway_splits_100_requests_90_10_and_keeps_a_sticky_caller_on_one_side()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Services + """
              - path: "/orders/{id}"
                split:
                  - { service: v1, weight: 90 }
                  - { service: v2, weight: 10 }
              - path: "/sticky/{id}"
                split: [{ service: v1, weight: 50 }, { service: v2, weight: 50 }]
                stickyBy: "header:X-User"
            """, upstream);

        for (var i = 0; i < 100; i++)
        {
            await gateway.HandleAsync(Requests.Create("GET", $"/orders/{i}"), Requests.Anonymous);
        }
        Assert.Equal(10, upstream.Requests.Count(r => r.Request.RequestUri!.Host == "v2.internal"));

        upstream.Requests.Clear();
        for (var i = 0; i < 20; i++)
        {
            await gateway.HandleAsync(Requests.Create("GET", $"/sticky/{i}", headers: ("X-User", "alice")), Requests.Anonymous);
        }
        Assert.Single(upstream.Requests.Select(r => r.Request.RequestUri!.Host).Distinct());
    }

    [Fact]
    public async Task Metrics_and_the_access_log_say_which_side_served_a_split_route()
    {
        var prometheus = new GatewayPrometheusMetrics();
        var logs = new LogCapture();
        var execution = ExecutionEnvironment.FromEnvironment(_ => null, "gw");
        var emf = new EmfMetricsObserver("Gateway", new EmfWriter(logs.Output, TimeProvider.System), execution);
        var accessLogs = new LogCapture();
        using var logging = GatewayLogging.CreateFactory(execution, new LogLevelSettings(LogLevel.Information), accessLogs.Output, TimeProvider.System);
        var accessLog = new AccessLogObserver(logging.CreateLogger<AccessLogObserver>());
        var config = TestGateway.LoadConfig(Services + """
              - { name: orders, path: /orders, split: [{ service: v1, weight: 3 }, { service: v2, weight: 1 }] }
              - { name: plain, path: /plain, service: v3 }
            """);
        var gateway = GatewayBuilder.Build(config, TestGateway.Services(new StubUpstreamHandler()) with { Observers = [prometheus, emf, accessLog] });

        for (var i = 0; i < 4; i++)
        {
            await gateway.HandleAsync(Requests.Create("GET", "/orders"), Requests.Anonymous);
        }
        await gateway.HandleAsync(Requests.Create("GET", "/plain"), Requests.Anonymous);

        var metrics = await PrometheusText.ScrapeAsync(prometheus, gateway);
        Assert.Equal(3, metrics.Value("gateway_requests_total", ("route", "orders"), ("service", "v1")));
        Assert.Equal(1, metrics.Value("gateway_requests_total", ("route", "orders"), ("service", "v2")));
        Assert.Equal(1, metrics.Value("gateway_requests_total", ("route", "plain"), ("service", "v3")));
        Assert.Equal(3, metrics.Value("gateway_upstream_duration_seconds_count", ("route", "orders"), ("service", "v1")));
        var upstreams = logs.Documents.Where(d => d.TryGetProperty("Upstream", out _)).Select(d => d.GetProperty("Upstream").GetString()!).ToArray();
        Assert.Equal(["v1", "v1", "v2", "v1"], upstreams);
        var served = accessLogs.Documents.Where(d => d.TryGetProperty("route", out var route) && route.GetString() == "orders")
            .Select(d => d.GetProperty("upstream_service").GetString()!).ToArray();
        Assert.Equal(["v1", "v1", "v2", "v1"], served);
    }

    [Fact]
    public void The_README_canary_step_validates()
    {
        Assert.Empty(TestGateway.Problems("""
            services:
              orders-v1: { url: http://orders-v1.internal }
              orders-v2: { url: http://orders-v2.internal }
            routes:
              - { name: orders-testers, path: "/orders/{id}", auth: apiKey, match: { headers: { X-Api-Version: "2" } }, service: orders-v2 }
              - name: orders
                path: /orders/{id}
                auth: apiKey
                split: [{ service: orders-v1, weight: 90 }, { service: orders-v2, weight: 10 }]
                stickyBy: tenant
            """));
    }

    [Theory]
    [InlineData("split: [{ service: v1, weight: 90 }]", "routes[0].split", "at least two sides")]
    [InlineData("split: [{ service: v1, weight: 0 }, { service: v2, weight: 0 }]", "routes[0].split", "every weight is 0")]
    [InlineData("split: [{ service: v1, weight: 90 }, { service: v9, weight: 10 }]", "routes[0].split[1].service", "unknown service")]
    [InlineData("split: [{ service: v1, weight: 90 }, { service: v1, weight: 10 }]", "routes[0].split[1].service", "already a side")]
    [InlineData("split: [{ service: v1, weight: 90 }, { service: v2 }]", "routes[0].split[1].weight", "is required")]
    [InlineData("split: [{ service: v1, weight: 90 }, { service: v2, weight: -1 }]", "routes[0].split[1].weight", "")]
    [InlineData("service: v1, split: [{ service: v1, weight: 90 }, { service: v2, weight: 10 }]", "routes[0].split", "one of them")]
    [InlineData("split: [{ service: v1, weight: 90 }, { service: v2, weight: 10 }], stickyBy: cookie", "routes[0].stickyBy", "is not one of")]
    [InlineData("split: [{ service: v1, weight: 90 }, { service: v2, weight: 10 }], stickyBy: \"header:\"", "routes[0].stickyBy", "needs a header name")]
    [InlineData("split: [{ service: v1, weight: 90 }, { service: v2, weight: 10 }], timeouts: { read: 1s }", "routes[0].timeouts", "keeps its service's timeouts")]
    [InlineData("service: v1, stickyBy: tenant", "routes[0].stickyBy", "has no split")]
    public void Bad_split_configuration_is_reported_where_it_is(string fields, string path, string message)
    {
        var problems = TestGateway.Problems(Services + "  - { path: /a, " + fields + " }\n");

        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_sticky_split_reads_every_caller_key()
    {
        var config = TestGateway.LoadConfig(Services + """
              - { path: /a, split: [{ service: v1, weight: 9 }, { service: v2, weight: 1 }], stickyBy: tenant }
              - { path: /b, split: [{ service: v1, weight: 9 }, { service: v2, weight: 1 }], stickyBy: "header:X-User" }
            """);

        Assert.Equal(new StickyBy(StickyKind.Tenant), config.Routes[0].Split!.StickyBy);
        Assert.Equal(new StickyBy(StickyKind.Header, "X-User"), config.Routes[1].Split!.StickyBy);
        Assert.Null(config.Routes[0].Service);
    }
}
