using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.IntegrationTests.Policies;

/// <summary>Edge policies, the cache and composition through the real local host against real upstreams on loopback.</summary>
public sealed class EdgeAndCacheEndToEndTests
{
    /// <summary>Sends a request line as written: HttpClient would resolve dot segments before they left the machine.</summary>
    private static async Task<(int Status, string Body)> RawGetAsync(Uri gateway, string target)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(gateway.Host, gateway.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: {gateway.Authority}\r\nConnection: close\r\n\r\n"));
        var text = await new StreamReader(stream, Encoding.UTF8).ReadToEndAsync();
        var bodyStart = text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        return (int.Parse(text.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), text[bodyStart..]);
    }

    [Theory]
    [InlineData("/files/../admin")]
    [InlineData("/files/%2e%2e/admin")]
    [InlineData("/files/%252E%252E/admin")]
    [InlineData("/files/a%2F..%2Fadmin")]
    [InlineData("/files/..%5Cadmin")]
    [InlineData("/rewrite/.-./admin")]        // harmless pieces the rewrite joins into "/.."
    [InlineData("/rewrite/%2e-%2e/admin")]
    public async Task Path_traversal_is_refused_before_and_after_rewrites_and_never_reaches_the_upstream(string target)
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync($$"""
            services:
              files: { url: "{{upstream.BaseUrl}}/public" }
            routes:
              - { name: files, path: "/files/{path+}", stripPrefix: /files, service: files }
              - name: rewrite
                path: "/rewrite/{path+}"
                service: files
                policies:
                  requestPath: { pattern: '^/rewrite/(.*)-(.*)$', replacement: '/$1$2' }
            """);

        var (status, body) = await RawGetAsync(gateway.Host.Address, target);

        Assert.Equal(400, status);
        Assert.Equal("invalid_path", JsonDocument.Parse(body).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(0, upstream.HitCount);
    }

    [Fact]
    public async Task A_cors_preflight_is_answered_by_the_gateway_and_the_actual_request_gets_the_headers()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync($$"""
            services:
              api: { url: "{{upstream.BaseUrl}}" }
            routes:
              - name: orders
                path: /orders
                methods: [POST]
                service: api
                policies:
                  cors: { allowOrigins: [https://app.example.com], allowHeaders: [Content-Type], maxAge: 1h }
            """);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/orders");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var answer = await gateway.Client.SendAsync(preflight);
        using var actual = await gateway.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/orders")
        {
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
            Headers = { { "Origin", "https://app.example.com" } },
        });

        Assert.Equal(HttpStatusCode.NoContent, answer.StatusCode);
        Assert.Equal("https://app.example.com", answer.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("POST", answer.Headers.GetValues("Access-Control-Allow-Methods").Single());
        Assert.Equal("Content-Type", answer.Headers.GetValues("Access-Control-Allow-Headers").Single());
        Assert.Equal("3600", answer.Headers.GetValues("Access-Control-Max-Age").Single());
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        Assert.Equal("https://app.example.com", actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("POST", Assert.Single(upstream.Received).Method);
    }

    [Fact]
    public async Task A_denied_cidr_is_refused_by_the_connections_address()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync($$"""
            services:
              api: { url: "{{upstream.BaseUrl}}" }
            routes:
              - { name: denied, path: /denied, service: api, policies: { ipFilter: { deny: [127.0.0.0/8, "::1/128"] } } }
              - { name: elsewhere, path: /elsewhere, service: api, policies: { ipFilter: { allow: [10.0.0.0/8] } } }
              - { name: loopback, path: /loopback, service: api, policies: { ipFilter: { allow: [127.0.0.1/32] } } }
            """);
        using var forged = new HttpRequestMessage(HttpMethod.Get, "/elsewhere") { Headers = { { "X-Forwarded-For", "10.1.2.3" } } };

        using var denied = await gateway.Client.GetAsync("/denied");
        using var notAllowed = await gateway.Client.SendAsync(forged);
        using var allowed = await gateway.Client.GetAsync("/loopback");

        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
        Assert.Contains("\"code\":\"forbidden\"", await denied.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, notAllowed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal("GET /loopback", string.Join(' ', upstream.Received.Select(r => $"{r.Method} {r.RawTarget}")));
    }

    [Fact]
    public async Task A_cache_hit_does_not_reach_the_upstream()
    {
        var served = 0;
        await using var upstream = await TestUpstream.StartAsync((http, _) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync($"{{\"served\":{Interlocked.Increment(ref served)}}}");
        });
        await using var gateway = await GatewayServer.StartAsync($$"""
            services:
              api: { url: "{{upstream.BaseUrl}}" }
            routes:
              - { name: catalog, path: /catalog, methods: [GET], service: api, policies: { cache: { ttl: 1m } } }
            """);

        using var first = await gateway.Client.GetAsync("/catalog?page=1");
        using var second = await gateway.Client.GetAsync("/catalog?page=1");

        Assert.Equal("MISS", first.Headers.GetValues("X-Cache").Single());
        Assert.Equal("HIT", second.Headers.GetValues("X-Cache").Single());
        Assert.Equal("{\"served\":1}", await second.Content.ReadAsStringAsync());
        Assert.Equal(1, upstream.HitCount);
    }

    [Fact]
    public async Task A_composed_response_leaves_out_the_part_that_timed_out()
    {
        await using var fast = await TestUpstream.StartAsync((http, _) =>
        {
            http.Response.ContentType = "application/json";
            return http.Response.WriteAsync("{\"name\":\"Ada\"}");
        });
        await using var slow = await TestUpstream.StartAsync(async (http, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), http.RequestAborted);
            await http.Response.WriteAsync("[]");
        });
        await using var gateway = await GatewayServer.StartAsync($$"""
            services:
              users: { url: "{{fast.BaseUrl}}" }
              orders: { url: "{{slow.BaseUrl}}" }
            routes:
              - name: overview
                path: "/overview/{id}"
                methods: [GET]
                compose:
                  parts:
                    profile: { service: users, path: "/users/${route.param.id}" }
                    orders: { service: orders, path: "/orders?customer=${route.param.id}", timeout: 300ms, onFailure: omit }
            """);

        var stopwatch = Stopwatch.StartNew();
        using var response = await gateway.Client.GetAsync("/overview/42");
        stopwatch.Stop();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"profile":{"name":"Ada"},"_errors":{"orders":{"code":"upstream_timeout","status":504,"reason":"no answer within 300 ms"}}}""",
            await response.Content.ReadAsStringAsync());
        Assert.Equal("/users/42", fast.Last.RawTarget);
        Assert.Equal("/orders?customer=42", slow.Last.RawTarget);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}: the slow part was waited for");
    }
}
