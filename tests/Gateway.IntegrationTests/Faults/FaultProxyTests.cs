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
    // A reset before any response byte is, to the client, a connection that could not be used.
    [InlineData(Fault.Reset, HttpStatusCode.BadGateway, "upstream_unreachable")]
    [InlineData(Fault.Stall, HttpStatusCode.GatewayTimeout, "upstream_timeout")]
    [InlineData(Fault.Garbage, HttpStatusCode.BadGateway, "upstream_error")]
    public async Task Each_upstream_fault_gets_its_status_and_the_gateway_recovers_when_it_clears(Fault fault, HttpStatusCode status, string code)
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

        Assert.Equal((status, code), faulted);
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
}
