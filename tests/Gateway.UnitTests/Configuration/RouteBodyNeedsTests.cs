using Gateway.Policies;
using Gateway.Testing;

namespace Gateway.UnitTests.Configuration;

/// <summary>
/// A route may stream a body only when none of its policies (its own or the gateway's defaults) declares that it
/// needs that body whole, and never when its terminal step builds the answer itself.
/// </summary>
public sealed class RouteBodyNeedsTests
{
    [Theory]
    [InlineData("{}", BodyNeeds.None)]
    [InlineData("{ requestHeaders: { set: { A: b } }, responseHeaders: { set: { B: c } }, cors: { allowOrigins: [\"*\"] } }", BodyNeeds.None)]
    [InlineData("{ rateLimit: { limits: [{ name: per-ip, by: ip, requests: 5, per: 1s }] } }", BodyNeeds.None)]
    [InlineData("{ requestSizeLimit: { maxBody: 1KB } }", BodyNeeds.None)]
    [InlineData("{ requestValidation: { schema: { type: object } } }", BodyNeeds.Request)]
    [InlineData("{ requestBody: { steps: [ { rename: { name: title } } ] } }", BodyNeeds.Request)]
    [InlineData("{ responseBody: { steps: [ { rename: { name: title } } ] } }", BodyNeeds.Response)]
    [InlineData("{ cache: { ttl: 60s } }", BodyNeeds.Response)]
    [InlineData("{ requestSizeLimit: { maxBody: 1KB }, cache: { ttl: 60s } }", BodyNeeds.Response)]
    public void A_route_needs_what_its_policies_declare(string policies, BodyNeeds expected)
    {
        var config = TestGateway.LoadConfig($$"""
            services:
              s: { url: http://s.internal }
            routes:
              - { name: r, path: /r, service: s, policies: {{policies}} }
            """);

        Assert.Equal(expected, config.Routes[0].BodyNeeds);
    }

    [Fact]
    public void A_default_policy_that_needs_a_body_binds_every_route_it_merges_into()
    {
        var config = TestGateway.LoadConfig("""
            services:
              s: { url: http://s.internal }
            policies:
              cache: { ttl: 60s }
            routes:
              - { name: inherits, path: /a, service: s }
              - { name: own, path: /b, service: s, policies: { requestHeaders: { set: { A: b } } } }
            """);

        // Defaults merge by policy name: a route with policies of its own still gets the default cache.
        Assert.Equal(BodyNeeds.Response, config.Routes[0].BodyNeeds);
        Assert.Equal(BodyNeeds.Response, config.Routes[1].BodyNeeds);
    }

    [Fact]
    public void A_composed_route_needs_both_bodies_whatever_its_policies()
    {
        var config = TestGateway.LoadConfig("""
            services:
              users: { url: "http://users.test" }
            routes:
              - name: overview
                path: /overview
                methods: [GET]
                compose:
                  parts:
                    profile: { service: users, path: /users }
            """);

        Assert.Equal(BodyNeeds.Both, config.Routes[0].BodyNeeds);
    }

    [Fact]
    public void Every_catalogued_policy_is_accounted_for()
    {
        // A new policy must be added here with the needs it declares: its author decides, not a default.
        var declared = PolicyCatalog.Default.Names.ToDictionary(name => name, name => PolicyCatalog.Default.TryGet(name, out var factory) ? factory.BodyNeeds : (BodyNeeds)(-1));

        Assert.Equal(new Dictionary<string, BodyNeeds>
        {
            ["requestHeaders"] = BodyNeeds.None,
            ["responseHeaders"] = BodyNeeds.None,
            ["rateLimit"] = BodyNeeds.None,
            ["requestPath"] = BodyNeeds.None,
            ["requestQuery"] = BodyNeeds.None,
            ["requestBody"] = BodyNeeds.Request,
            ["responseBody"] = BodyNeeds.Response,
            ["responseStatus"] = BodyNeeds.None,
            ["transforms"] = BodyNeeds.Both,
            ["cors"] = BodyNeeds.None,
            ["ipFilter"] = BodyNeeds.None,
            ["requestSizeLimit"] = BodyNeeds.None,
            ["requestValidation"] = BodyNeeds.Request,
            ["cache"] = BodyNeeds.Response,
        }, declared);
    }
}
