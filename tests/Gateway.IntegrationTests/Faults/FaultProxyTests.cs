using System.Net;
using System.Text.Json;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Faults;

/// <summary>
/// The fault proxy itself, and the gateway's answer to each fault from an upstream: the behaviour the foundation
/// promises (refused or reset → 502, stalled → 504, garbage → 502) and recovery once the fault clears.
/// </summary>
public sealed class FaultProxyTests
{
    private static string Config(string upstreamUrl) => $$"""
        services:
          api:
            url: {{upstreamUrl}}
            timeouts: { connect: 2s, read: 1500ms, deadline: 3s }
            retry: { attempts: 1 }
        routes:
          - { name: api, path: "/{proxy+}", service: api }
        """;

    private static async Task<(HttpStatusCode Status, string? Code)> GetAsync(GatewayServer gateway)
    {
        using var response = await gateway.Client.GetAsync("/thing");
        if (response.IsSuccessStatusCode)
        {
            return (response.StatusCode, null);
        }
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, json.RootElement.GetProperty("error").GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(Fault.Drop, HttpStatusCode.BadGateway, "upstream_error")]
    // A reset is 502 too; whether the client meets it on a new connection (unreachable) or on the pooled one it
    // had (a broken answer) is the pool's business, so only the status is asserted for it.
    [InlineData(Fault.Reset, HttpStatusCode.BadGateway, null)]
    [InlineData(Fault.Stall, HttpStatusCode.GatewayTimeout, "upstream_timeout")]
    [InlineData(Fault.Garbage, HttpStatusCode.BadGateway, "upstream_error")]
    public async Task Each_upstream_fault_gets_its_status_and_the_gateway_recovers_when_it_clears(Fault fault, HttpStatusCode status, string? code)
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = new FaultProxy(upstream.Address);
        await using var gateway = await GatewayServer.StartAsync(Config(proxy.BaseUrl));
        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(gateway));

        proxy.Fault = fault;
        proxy.BreakConnections();
        var faulted = await GetAsync(gateway);

        proxy.Fault = Fault.None;
        var recovered = await GetAsync(gateway);

        Assert.Equal(status, faulted.Status);
        if (code is not null)
        {
            Assert.Equal(code, faulted.Code);
        }
        Assert.Equal((HttpStatusCode.OK, null), recovered);
    }

    [Fact]
    public async Task Added_latency_under_the_read_timeout_is_only_slower()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = new FaultProxy(upstream.Address) { Fault = Fault.Latency, Latency = TimeSpan.FromMilliseconds(50) };
        await using var gateway = await GatewayServer.StartAsync(Config(proxy.BaseUrl));

        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(gateway));
        Assert.Equal(1, upstream.HitCount);
    }

    [Fact]
    public async Task Added_latency_over_the_read_timeout_is_a_504()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = new FaultProxy(upstream.Address) { Fault = Fault.Latency, Latency = TimeSpan.FromSeconds(4) };
        await using var gateway = await GatewayServer.StartAsync(Config(proxy.BaseUrl));

        Assert.Equal((HttpStatusCode.GatewayTimeout, "upstream_timeout"), await GetAsync(gateway));
    }

    [Fact]
    public async Task The_breaker_trips_on_a_failing_upstream_and_closes_by_itself_once_it_recovers()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var proxy = new FaultProxy(upstream.Address);
        await using var gateway = await GatewayServer.StartAsync($$"""
            services:
              api:
                url: {{proxy.BaseUrl}}
                timeouts: { connect: 2s, read: 1500ms, deadline: 3s }
                retry: { attempts: 1 }
                circuitBreaker: { failureThreshold: 2, openDuration: 1s, halfOpenProbes: 1, successesToClose: 1, stateCacheTtl: 0s }
            routes:
              - { name: api, path: "/{proxy+}", service: api }
            """);

        proxy.Fault = Fault.Reset;
        proxy.BreakConnections();
        var failing = new List<(HttpStatusCode, string?)>();
        for (var i = 0; i < 4; i++)
        {
            failing.Add(await GetAsync(gateway));
        }
        var connectionsWhileOpen = proxy.Connections;

        proxy.Fault = Fault.None;
        // Open for 1 s: the next request after that is the probe, and one success closes the breaker.
        var recovered = await WaitForAsync(async () => await GetAsync(gateway) == (HttpStatusCode.OK, null), TimeSpan.FromSeconds(10));

        // 502 either way: a reset on a pooled connection is a broken answer, on a new one an unusable connection.
        Assert.True(failing[0].Item1 == HttpStatusCode.BadGateway && failing[1].Item1 == HttpStatusCode.BadGateway,
            $"{string.Join(", ", failing)}\n{gateway.Logs.Text}");
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "circuit_open"), failing[2]);
        Assert.Equal((HttpStatusCode.ServiceUnavailable, "circuit_open"), failing[3]);
        Assert.Equal(2, connectionsWhileOpen);
        Assert.True(recovered, "the breaker did not close after the upstream recovered");
        Assert.Equal((HttpStatusCode.OK, null), await GetAsync(gateway));
    }

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
