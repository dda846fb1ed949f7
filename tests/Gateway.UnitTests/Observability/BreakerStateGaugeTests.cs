using Gateway.Composition;
using Gateway.LocalHost.Metrics;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.UnitTests.Observability;

/// <summary>serve's <c>gateway_breaker_state</c>: each breaker's state as of the scrape, through its whole cycle and across reloads.</summary>
public sealed class BreakerStateGaugeTests
{
    private const string Breaker = "circuitBreaker: { failureThreshold: 1, window: 1m, openDuration: 10s, halfOpenProbes: 1, successesToClose: 1, stateCacheTtl: 0s }";

    private readonly ManualTimeProvider _clock = new();
    private readonly ScriptedUpstreamHandler _upstream = new();
    private readonly GatewayPrometheusMetrics _metrics = new();

    [Fact]
    public async Task The_gauge_reads_closed_open_half_open_while_the_probe_is_out_and_closed_again()
    {
        var gateway = Build($$"""
            services: { api: { url: http://api.internal, retry: { attempts: 1 }, {{Breaker}} } }
            routes: [ { name: any, path: "/{proxy+}", service: api } ]
            """);
        Assert.Equal(0, await StateAsync(gateway, "api"));

        _upstream.RespondWith(503);
        await SendAsync(gateway);
        Assert.Equal(2, await StateAsync(gateway, "api"));

        _clock.Advance(TimeSpan.FromSeconds(11));
        _upstream.RespondWith(200);
        _upstream.Hold();
        var probe = SendAsync(gateway);
        await WaitUntilAsync(() => _upstream.Calls == 2);
        Assert.Equal(1, await StateAsync(gateway, "api"));

        _upstream.Release();
        await probe;
        Assert.Equal(0, await StateAsync(gateway, "api"));
    }

    [Fact]
    public async Task A_service_a_reload_removed_is_no_longer_exposed()
    {
        var before = Build("""
            services: { api: { url: http://api.internal }, old: { url: http://old.internal } }
            routes: [ { name: any, path: "/{proxy+}", service: api }, { name: legacy, path: /legacy, service: old } ]
            """);
        var after = Build("""
            services: { api: { url: http://api.internal } }
            routes: [ { name: any, path: "/{proxy+}", service: api } ]
            """);

        Assert.Equal(["api", "old"], await ServicesAsync(before));
        Assert.Equal(["api"], await ServicesAsync(after));
    }

    private GatewayHandler Build(string yaml) =>
        GatewayBuilder.Build(TestGateway.LoadConfig(yaml), TestGateway.Services(_upstream) with { Time = _clock, Observers = [_metrics] });

    private static Task SendAsync(GatewayHandler gateway) => gateway.HandleAsync(Requests.Create("GET", "/orders/1"), Requests.Anonymous).AsTask();

    private async Task<double> StateAsync(GatewayHandler gateway, string service) =>
        (await PrometheusText.ScrapeAsync(_metrics, gateway)).Value("gateway_breaker_state", ("service", service), ("instance", $"http://{service}.internal/"));

    private async Task<string[]> ServicesAsync(GatewayHandler gateway) =>
        [.. (await PrometheusText.ScrapeAsync(_metrics, gateway)).Samples.Where(sample => sample.Name == "gateway_breaker_state").Select(sample => sample.Labels["service"]).Order(StringComparer.Ordinal)];

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(5);
        }
    }
}
