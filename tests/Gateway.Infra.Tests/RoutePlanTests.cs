using Gateway.Infra.Http;
using Gateway.Testing;

namespace Gateway.Infra.Tests;

/// <summary>How configured routes become API Gateway routes, and what the stack refuses to synthesize.</summary>
public sealed class RoutePlanTests
{
    private const string Services = """
        services:
          orders: { url: http://orders.internal }
        routes:

        """;

    [Fact]
    public void GET_brings_HEAD_and_no_methods_means_ANY()
    {
        var plan = RoutePlan.From(TestGateway.LoadConfig(Services + """
              - { name: a, path: /a, methods: [GET], service: orders }
              - { name: b, path: "/b/{proxy+}", service: orders, auth: jwt }
              - { name: c, path: /c, methods: [HEAD, GET], service: orders }
            """));

        Assert.Equal(
            ["a: GET HEAD None", "b: ANY Jwt", "c: GET HEAD None"],
            plan.Select(route => $"{route.Name}: {string.Join(' ', route.Methods)} {route.Auth}"));
    }

    [Fact]
    public void Routes_that_differ_only_by_host_share_one_API_Gateway_route()
    {
        var plan = RoutePlan.From(TestGateway.LoadConfig(Services + """
              - { name: a, path: /a, methods: [POST], host: a.example.com, service: orders }
              - { name: b, path: /a, methods: [POST], host: b.example.com, service: orders }
            """));

        Assert.Equal("a", Assert.Single(plan).Name);
    }

    [Fact]
    public void Routes_that_differ_only_by_match_deploy_as_one_API_Gateway_route_and_the_proxy_decides()
    {
        var plan = RoutePlan.From(TestGateway.LoadConfig(Services + """
              - { name: stable, path: "/orders/{id}", methods: [GET], service: orders }
              - { name: testers, path: "/orders/{id}", methods: [GET], match: { headers: { X-Api-Version: "2" } }, service: orders }
              - { name: beta, path: "/orders/{id}", match: { query: { beta: "true" } }, service: orders }
            """));

        Assert.Equal(
            ["stable: GET HEAD", "beta: ANY"],
            plan.Select(route => $"{route.Name}: {string.Join(' ', route.Methods)}"));
    }

    [Fact]
    public void Routes_sharing_an_API_Gateway_route_with_different_auth_are_refused()
    {
        var config = TestGateway.LoadConfig(Services + """
              - { name: a, path: /a, methods: [POST], host: a.example.com, service: orders }
              - { name: b, path: /a, methods: [POST], host: b.example.com, service: orders, auth: jwt }
            """);

        var error = Assert.Throws<InvalidOperationException>(() => RoutePlan.From(config));
        Assert.Contains("route b shares POST /a with route a", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_method_API_Gateway_cannot_route_is_refused_with_the_route()
    {
        var config = TestGateway.LoadConfig(Services + """
              - { name: purge, path: /cache, methods: [PURGE], service: orders }
            """);

        var error = Assert.Throws<InvalidOperationException>(() => RoutePlan.From(config));
        Assert.Contains("test.yaml:4: route purge: API Gateway cannot route the method PURGE", error.Message, StringComparison.Ordinal);
    }
}
