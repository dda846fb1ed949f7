using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 8: the breaker counts only what says the upstream is unhealthy (connection failures, timeouts, broken
/// answers, configured statuses). The gateway's own limits — an answer whose body or headers are larger than the
/// gateway takes — never count, so callers who ask for large answers cannot open the breaker for everyone.
/// </summary>
public sealed class C08BreakerCountsOnlyUpstreamHealthTests
{
    private static string Config(string url) => $$"""
        gateway: { maxResponseBodySize: 1KB }
        services:
          api:
            url: "{{url}}"
            retry: { attempts: 1 }
            circuitBreaker: { failureThreshold: 2, window: 1m, openDuration: 1m }
        routes:
          - { name: any, path: "/{proxy+}", service: api }
        """;

    /// <summary>Large answers three ways (declared, chunked, oversized headers), a small one, and a 503.</summary>
    private static Task<TestUpstream> UpstreamAsync() => TestUpstream.StartAsync(async (http, _) =>
    {
        switch (http.Request.Path.Value)
        {
            case "/declared":
                http.Response.ContentLength = 4096;
                await http.Response.WriteAsync(new string('x', 4096));
                break;
            case "/chunked":
                for (var i = 0; i < 4; i++)
                {
                    await http.Response.WriteAsync(new string('x', 1024));
                    await http.Response.Body.FlushAsync();
                }
                break;
            case "/headers":
                // Over SocketsHttpHandler's 64 KB of response headers.
                http.Response.Headers["X-Large"] = new string('h', 80 * 1024);
                await http.Response.WriteAsync("{}");
                break;
            case "/slow":
                await Task.Delay(TimeSpan.FromSeconds(3), http.RequestAborted);
                await http.Response.WriteAsync("{}");
                break;
            case "/unavailable":
                http.Response.StatusCode = 503;
                break;
            default:
                await http.Response.WriteAsync("{\"ok\":true}");
                break;
        }
    });

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Answers_over_the_gateways_limits_never_open_the_breaker(EdgeHostKind host)
    {
        await using var upstream = await UpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        foreach (var path in new[] { "/declared", "/chunked", "/headers", "/declared", "/chunked", "/headers" })
        {
            var large = await gateway.SendAsync("GET", path);
            Assert.Equal(502, large.Status);
            Assert.Equal("upstream_error", large.ErrorCode);
        }
        var small = await gateway.SendAsync("GET", "/small");

        Assert.Equal(200, small.Status);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Upstream_failures_still_open_it(EdgeHostKind host)
    {
        await using var upstream = await UpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        Assert.Equal(503, (await gateway.SendAsync("GET", "/unavailable")).Status);
        Assert.Equal(503, (await gateway.SendAsync("GET", "/unavailable")).Status);
        var refused = await gateway.SendAsync("GET", "/small");

        Assert.Equal("circuit_open", refused.ErrorCode);
    }

    [Fact]
    public async Task Clients_that_hang_up_before_the_answer_never_open_it_on_serve()
    {
        // Only serve sees a client leave: behind API Gateway the Lambda runs to its end whatever the client does.
        await using var upstream = await UpstreamAsync();
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl));

        for (var i = 0; i < 4; i++)
        {
            using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateway.Client.GetAsync("/slow", impatient.Token));
        }
        // The gateway sees each client leave shortly after it does.
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        using var small = await gateway.Client.GetAsync("/small");

        Assert.Equal(200, (int)small.StatusCode);
    }
}
