using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.Policies.RateLimiting;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class RateLimitPolicyTests
{
    private const string Layered = """
        services:
          api: { url: "http://upstream.test" }
        policies:
          rateLimit:
            limits:
              - { name: global, by: global, algorithm: fixedWindow, requests: 5, per: 1h }
              - { name: per-ip, by: ip, algorithm: fixedWindow, requests: 4, per: 1h }
        routes:
          - { name: plain, path: /plain, service: api }
          - name: tight
            path: /tight
            service: api
            policies:
              rateLimit:
                headers: false
                limits:
                  - { name: per-ip, by: [route, ip], algorithm: tokenBucket, requests: 1, per: 1h, burst: 2 }
        usagePlans:
          free:
            rate: { requests: 3, per: 1h }
            routes:
              tight: { requests: 1, per: 1h }
        """;

    private static EdgeContext Plan(string plan, string tenant = "acme") =>
        new(null, new CallerIdentity { Kind = CredentialKind.ApiKey, Tenant = tenant, Plan = plan }, StageContext.Default);

    [Fact]
    public async Task The_gateway_limits_are_layered_under_a_routes_own_and_a_route_limit_of_the_same_name_replaces_the_gateways()
    {
        var gateway = TestGateway.Build(Layered, new StubUpstreamHandler());

        // /tight: its own per-ip (burst 2) replaces the gateway's per-ip (4); the global limit still applies.
        Assert.Equal(new[] { 200, 200, 429 }, await StatusesAsync(gateway, "/tight", 3));
        var refused = await gateway.HandleAsync(Requests.Create("GET", "/tight"), Requests.Anonymous);
        Assert.Contains("\"limit\":\"per-ip\"", Requests.BodyText(refused));
        // /plain: the gateway's per-ip allows 4, but the global limit (5, of which /tight used 2) runs out first.
        Assert.Equal(new[] { 200, 200, 200, 429 }, await StatusesAsync(gateway, "/plain", 4));
        var global = await gateway.HandleAsync(Requests.Create("GET", "/plain"), Requests.Anonymous);
        Assert.Contains("\"limit\":\"global\"", Requests.BodyText(global));
        Assert.Contains("rate limit \\u0022global\\u0022 exceeded (5 requests per 1h)", Requests.BodyText(global));
    }

    [Fact]
    public async Task Responses_carry_both_header_families_unless_the_route_switches_them_off()
    {
        var gateway = TestGateway.Build(Layered, new StubUpstreamHandler());

        var plain = await gateway.HandleAsync(Requests.Create("GET", "/plain"), Requests.Anonymous);
        var tight = await gateway.HandleAsync(Requests.Create("GET", "/tight"), Requests.Anonymous);

        Assert.Equal("4", plain.Headers.Get(RateLimitHeaders.Limit));
        Assert.Equal("3", plain.Headers.Get(RateLimitHeaders.Remaining));
        Assert.Equal("4", plain.Headers.Get(RateLimitHeaders.LegacyLimit));
        Assert.Equal("3", plain.Headers.Get(RateLimitHeaders.LegacyRemaining));
        Assert.NotNull(plain.Headers.Get(RateLimitHeaders.Reset));
        Assert.Equal(plain.Headers.Get(RateLimitHeaders.Reset), plain.Headers.Get(RateLimitHeaders.LegacyReset));
        Assert.Null(tight.Headers.Get(RateLimitHeaders.Limit));
        Assert.Null(tight.Headers.Get(RateLimitHeaders.LegacyRemaining));
    }

    [Fact]
    public async Task A_plan_applies_its_rate_per_tenant_and_its_per_route_rate_where_it_sets_one()
    {
        var gateway = TestGateway.Build("""
            services:
              api: { url: "http://upstream.test" }
            routes:
              - { name: plain, path: /plain, service: api }
              - { name: tight, path: /tight, service: api }
            usagePlans:
              free:
                rate: { requests: 3, per: 1h }
                routes:
                  tight: { requests: 1, per: 1h }
            """, new StubUpstreamHandler());

        Assert.Equal(new[] { 200, 200, 200, 429 }, await StatusesAsync(gateway, "/plain", 4, Plan("free")));
        Assert.Equal(new[] { 200, 429 }, await StatusesAsync(gateway, "/tight", 2, Plan("free")));
        Assert.Equal(new[] { 200, 200, 200, 429 }, await StatusesAsync(gateway, "/plain", 4, Plan("free", tenant: "globex")));
        var refused = await gateway.HandleAsync(Requests.Create("GET", "/tight"), Plan("free"));
        Assert.Contains("\"limit\":\"plan:free:tight\"", Requests.BodyText(refused));
        // Anonymous callers have no plan: no plan limit.
        Assert.Equal(new[] { 200, 200, 200, 200 }, await StatusesAsync(gateway, "/plain", 4));
    }

    [Fact]
    public async Task A_plan_the_configuration_does_not_know_is_refused_with_403()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Layered, upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/plain"), Plan("platinum"));

        Assert.Equal(403, response.StatusCode);
        Assert.Contains("\"code\":\"forbidden\"", Requests.BodyText(response));
        Assert.Contains("platinum", Requests.BodyText(response));
        Assert.Empty(upstream.Requests);
    }

    [Theory]
    [InlineData("{ name: a, by: planet, requests: 1, per: 1s }", "rateLimit.limits[0].by", "\"planet\" is not one of")]
    [InlineData("{ name: a, algorithm: fixedWindow, requests: 1, per: 1s, burst: 3 }", "rateLimit.limits[0].burst", "tokenBucket algorithm only")]
    [InlineData("{ name: a, requests: 1, per: 1s, lease: 5 }", "rateLimit.limits[0].lease", "mode: leased only")]
    [InlineData("{ name: a, requests: 5, per: 1s, mode: leased, lease: 10 }", "rateLimit.limits[0].lease", "more than the limit allows")]
    [InlineData("{ name: a, algorithm: leakyBucket, requests: 1, per: 1s }", "rateLimit.limits[0].algorithm", "is not one of")]
    [InlineData("{ name: a, per: 1s }", "rateLimit.limits[0].requests", "is required")]
    [InlineData("{ name: a, requests: 1, per: 1s, failMode: maybe }", "rateLimit.limits[0].failMode", "is not one of")]
    [InlineData("{ name: a, requests: 1, per: 1s, colour: red }", "rateLimit.limits[0].colour", "unknown field")]
    public void Invalid_limits_are_reported_with_their_path(string limit, string path, string message)
    {
        var problems = TestGateway.Problems($$"""
            services:
              api: { url: "http://upstream.test" }
            policies:
              rateLimit:
                limits:
                  - {{limit}}
            routes:
              - { path: /x, service: api }
            """);

        Assert.Contains(problems, p => p.Path.EndsWith(path, StringComparison.Ordinal) && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Two_limits_of_one_list_may_not_share_a_name()
    {
        var problems = TestGateway.Problems("""
            services:
              api: { url: "http://upstream.test" }
            routes:
              - path: /x
                service: api
                policies:
                  rateLimit:
                    limits:
                      - { name: same, requests: 1, per: 1s }
                      - { name: same, requests: 2, per: 1s }
            """);

        Assert.Contains(problems, p => p.Message.Contains("\"same\" is already used", StringComparison.Ordinal));
    }

    private static async Task<int[]> StatusesAsync(GatewayHandler gateway, string path, int count, EdgeContext? edge = null)
    {
        var statuses = new int[count];
        for (var i = 0; i < count; i++)
        {
            statuses[i] = (await gateway.HandleAsync(Requests.Create("GET", path), edge ?? Requests.Anonymous)).StatusCode;
        }
        return statuses;
    }
}
