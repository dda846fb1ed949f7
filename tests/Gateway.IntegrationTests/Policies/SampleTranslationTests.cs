using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Configuration;
using Gateway.LocalHost.Demo;
using Gateway.Policies;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Policies;

/// <summary>The sample configuration's v1 → v2 route, served by the local host against the demo upstream.</summary>
public sealed class SampleTranslationTests
{
    private static async Task<(GatewayServer Gateway, DemoUpstream Demo)> StartAsync()
    {
        var demo = await DemoUpstream.StartAsync();
        // Loaded from its own path: its gRPC service's .proto is named relative to it.
        var environment = new Dictionary<string, string> { ["DEMO_UPSTREAM_URL"] = demo.Address.ToString().TrimEnd('/') };
        var gateway = await GatewayServer.StartAsync(
            new GatewayConfigLoader(PolicyCatalog.Default, environment.GetValueOrDefault).LoadFile(RepositoryPaths.SampleConfig).GetConfigOrThrow());
        return (gateway, demo);
    }

    [Fact]
    public async Task A_v1_order_reaches_the_backend_in_the_v2_shape()
    {
        var (gateway, demo) = await StartAsync();
        await using var _ = demo;
        await using var __ = gateway;

        using var response = await gateway.Client.PostAsync("/v1/orders", new StringContent(
            """{"customer_id":"c-42","items":[{"sku":"tea","qty":2},{"sku":"mug","qty":1}],"debug":true}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("/v2/orders", echo.RootElement.GetProperty("path").GetString());
        Assert.Equal(
            """{"lines":[{"sku":"tea","quantity":2},{"sku":"mug","quantity":1}],"customer":{"id":"c-42"},"channel":"api-v1"}""",
            echo.RootElement.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_v1_order_that_breaks_the_v1_schema_is_refused_before_translation()
    {
        var (gateway, demo) = await StartAsync();
        await using var _ = demo;
        await using var __ = gateway;

        using var response = await gateway.Client.PostAsync("/v1/orders", new StringContent(
            """{"customer_id":"c-42","items":[{"sku":"tea","qty":0}]}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("the request body does not match the route's schema: items[0].qty: must be at least 1",
            error.RootElement.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_sample_overview_composes_two_demo_calls()
    {
        var (gateway, demo) = await StartAsync();
        await using var _ = demo;
        await using var __ = gateway;

        using var overview = JsonDocument.Parse(await gateway.Client.GetStringAsync("/overview/42"));

        Assert.Equal("/orders/42", overview.RootElement.GetProperty("order").GetProperty("path").GetString());
        Assert.Equal("/hello", overview.RootElement.GetProperty("greeting").GetProperty("path").GetString());
    }
}
