using System.Diagnostics;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Health;

/// <summary>Active health checks on <c>serve</c>, against real loopback upstreams.</summary>
public sealed class ActiveHealthCheckTests
{
    [Fact]
    public async Task An_instance_that_dies_is_taken_out_by_the_checker_before_any_client_request_fails()
    {
        await using var one = await TestUpstream.StartAsync();
        var two = await TestUpstream.StartAsync();
        // No retry and no breaker: without the health check, every other request would go to the dead instance and fail.
        await using var gateway = await GatewayServer.StartAsync($$"""
            services:
              api:
                instances: [{ url: {{one.BaseUrl}} }, { url: {{two.BaseUrl}} }]
                # The dead instance's probes fail at once (refused); the live one's must not time out twice in a row on a
                # loaded machine, which 40 ms allowed (then both were out and requests failed).
                healthCheck: { path: /healthz, interval: 200ms, timeout: 200ms, healthyAfter: 1, unhealthyAfter: 2 }
                retry: { attempts: 1 }
                circuitBreaker: { enabled: false }
            routes:
              - { path: "/{proxy+}", service: api }
            """);
        var health = gateway.Host.Gateway.Health.For(gateway.Host.Gateway.Config.Services["api"])!;

        for (var i = 0; i < 4; i++)
        {
            Assert.True((await gateway.Client.GetAsync("/orders")).IsSuccessStatusCode);
        }
        Assert.Contains(two.Received, r => r.RawTarget == "/orders");

        await two.DisposeAsync();
        var waited = Stopwatch.StartNew();
        while (health.IsHealthy(1))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "the checker did not notice the dead instance");
            await Task.Delay(10);
        }

        var servedBefore = one.Received.Count(r => r.RawTarget == "/orders");
        for (var i = 0; i < 20; i++)
        {
            using var response = await gateway.Client.GetAsync("/orders");
            Assert.True(response.IsSuccessStatusCode, $"request {i} failed with {(int)response.StatusCode}");
        }
        Assert.Equal(servedBefore + 20, one.Received.Count(r => r.RawTarget == "/orders"));
        Assert.Contains(one.Received, r => r.RawTarget == "/healthz");
    }
}
