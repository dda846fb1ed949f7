using System.Net;
using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.IntegrationTests.Hosting;

/// <summary>Retries and instance selection through the real host, against real loopback upstreams.</summary>
public sealed class ResilienceEndToEndTests
{
    [Fact]
    public async Task A_flaky_upstream_recovers_through_retries_within_the_budget()
    {
        var calls = 0;
        await using var upstream = await TestUpstream.StartAsync((http, _) =>
        {
            if (Interlocked.Increment(ref calls) <= 2)
            {
                http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }
            return http.Response.WriteAsync("recovered");
        });
        await using var gateway = await GatewayServer.StartAsync($$"""
            services:
              api:
                url: {{upstream.BaseUrl}}
                retry: { attempts: 3, backoff: exponential, baseDelay: 10ms, maxDelay: 50ms, budget: { ratio: 0.2, minPerSecond: 5 } }
            routes:
              - { path: "/{proxy+}", service: api }
            """);

        using var response = await gateway.Client.GetAsync("/orders/1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("recovered", await response.Content.ReadAsStringAsync());
        Assert.Equal(3, upstream.HitCount);
    }

    [Fact]
    public async Task A_dead_instance_is_skipped_once_its_breaker_opens()
    {
        await using var live = await TestUpstream.StartAsync();
        await using var dead = await TestUpstream.StartAsync();
        await using var deadProxy = new FaultProxy(dead.Address) { Fault = Fault.Reset };
        await using var gateway = await GatewayServer.StartAsync($$"""
            services:
              api:
                instances:
                  - { url: {{deadProxy.BaseUrl}} }
                  - { url: {{live.BaseUrl}} }
                loadBalancing: roundRobin
                retry: { attempts: 2, baseDelay: 1ms }
                circuitBreaker: { failureThreshold: 1, openDuration: 60s }
            routes:
              - { path: "/{proxy+}", service: api }
            """);

        for (var i = 0; i < 10; i++)
        {
            using var response = await gateway.Client.GetAsync($"/orders/{i}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // The first call to the dead instance fails over to the live one and opens its breaker; after that it is
        // never tried again while open.
        Assert.Equal(10, live.HitCount);
        Assert.Equal(1, deadProxy.Connections);
    }
}
