using Gateway.LocalHost;
using Gateway.Testing;

namespace Gateway.UnitTests.EdgeIntegrity;

/// <summary>
/// Class 7 of issue 11: what a reload counts as widening access (each is logged at Warning with the route), and
/// what it does not. The reloader with a real file is <c>C07ConfigReloadTests</c> in the integration tests.
/// </summary>
public sealed class C07AccessWideningTests
{
    private static string Config(string auth, string policies = "requestSizeLimit: { maxBody: 1KB }", string extraRoute = "") => $$"""
        services: { api: { url: "http://upstream.test" } }
        routes:
          - name: admin
            path: /admin
            service: api
            auth: {{auth}}
            policies: { {{policies}} }
          {{extraRoute}}
        auth:
          jwt: { issuer: "https://issuer.test", audience: a }
        """;

    [Theory]
    [InlineData("{ type: jwt }", "none", "auth changed from jwt to none (public)")]
    [InlineData("{ type: jwt }", "any", "auth changed from jwt to any")]
    [InlineData("{ type: jwt }", "apiKey", "auth changed from jwt to apiKey")]
    [InlineData("{ type: any }", "none", "auth changed from any to none (public)")]
    [InlineData("{ type: jwt, scopes: [a, b], roles: [r] }", "{ type: jwt, scopes: [a], roles: [r] }", "scopes dropped: b")]
    [InlineData("{ type: jwt, roles: [admin] }", "{ type: jwt }", "roles dropped: admin")]
    public void Loosening_a_routes_auth_is_a_widening_named_for_the_route(string before, string after, string change)
    {
        var widenings = AccessWidening.Between(TestGateway.LoadConfig(Config(before)), TestGateway.LoadConfig(Config(after)));

        Assert.Equal(new AccessWidening("admin", change), Assert.Single(widenings));
    }

    [Fact]
    public void Dropping_a_policy_or_a_route_is_a_widening()
    {
        var before = TestGateway.LoadConfig(Config("jwt", extraRoute: "- { name: reports, path: /reports, service: api, auth: jwt }"));
        var after = TestGateway.LoadConfig(Config("jwt", policies: ""));

        Assert.Equal(
            [new AccessWidening("admin", "policies dropped: requestSizeLimit"), new AccessWidening("reports", "the route was removed; its requests now go to whichever route matches next")],
            AccessWidening.Between(before, after));
    }

    [Theory]
    [InlineData("none", "jwt")]
    [InlineData("any", "apiKey")]
    [InlineData("{ type: jwt, scopes: [a] }", "{ type: jwt, scopes: [a, b] }")]
    [InlineData("jwt", "jwt")]
    public void Tightening_or_keeping_access_is_not_a_widening(string before, string after) =>
        Assert.Empty(AccessWidening.Between(TestGateway.LoadConfig(Config(before)), TestGateway.LoadConfig(Config(after))));
}
