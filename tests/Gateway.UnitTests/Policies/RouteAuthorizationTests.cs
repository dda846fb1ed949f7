using Gateway.Configuration;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class RouteAuthorizationTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - { name: public, path: /public, service: api }
          - { name: reports, path: /reports, service: api, auth: { type: jwt, scopes: [reports:read] } }
          - { name: admin, path: /admin, service: api, auth: { type: any, roles: [admin] } }
          - { name: keys-only, path: /partner, service: api, auth: apiKey }
        """;

    private static EdgeContext As(CredentialKind kind, string[]? scopes = null, string[]? roles = null) =>
        new(null, new CallerIdentity { Kind = kind, Subject = "u1", Scopes = scopes ?? [], Roles = roles ?? [] }, StageContext.Default);

    [Theory]
    [InlineData("/reports")]
    [InlineData("/admin")]
    [InlineData("/partner")]
    public async Task Protected_routes_refuse_anonymous_callers_with_401(string path)
    {
        var upstream = new StubUpstreamHandler();
        var response = await TestGateway.Build(Config, upstream).HandleAsync(Requests.Create("GET", path), Requests.Anonymous);

        Assert.Equal(401, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.Get("WWW-Authenticate"));
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task An_identity_admitted_for_one_route_is_refused_on_a_route_needing_a_scope_it_lacks()
    {
        // API Gateway caches an authorizer's allow across routes for the same token; the proxy must check each route.
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);
        var cachedAllow = As(CredentialKind.Jwt, scopes: ["orders:read"]);

        var allowed = await gateway.HandleAsync(Requests.Create("GET", "/public"), cachedAllow);
        var refused = await gateway.HandleAsync(Requests.Create("GET", "/reports"), cachedAllow);

        Assert.Equal(200, allowed.StatusCode);
        Assert.Equal(403, refused.StatusCode);
        Assert.Contains("reports:read", Requests.BodyText(refused), StringComparison.Ordinal);
        Assert.Single(upstream.Requests);
    }

    [Fact]
    public async Task Roles_scopes_and_credential_kinds_are_enforced()
    {
        var gateway = TestGateway.Build(Config, new StubUpstreamHandler());

        Assert.Equal(200, (await gateway.HandleAsync(Requests.Create("GET", "/reports"), As(CredentialKind.Jwt, scopes: ["reports:read"]))).StatusCode);
        Assert.Equal(403, (await gateway.HandleAsync(Requests.Create("GET", "/admin"), As(CredentialKind.ApiKey, roles: ["reader"]))).StatusCode);
        Assert.Equal(200, (await gateway.HandleAsync(Requests.Create("GET", "/admin"), As(CredentialKind.ApiKey, roles: ["admin"]))).StatusCode);
        Assert.Equal(401, (await gateway.HandleAsync(Requests.Create("GET", "/partner"), As(CredentialKind.Jwt))).StatusCode);
        Assert.Equal(200, (await gateway.HandleAsync(Requests.Create("GET", "/partner"), As(CredentialKind.ApiKey))).StatusCode);
    }

    [Fact]
    public async Task An_in_process_authenticator_establishes_the_caller_when_no_edge_did()
    {
        var config = TestGateway.LoadConfig(Config);
        var upstream = new StubUpstreamHandler();
        var gateway = Gateway.Composition.GatewayBuilder.Build(config, new Gateway.Composition.GatewayServices
        {
            UpstreamClient = new HttpClient(upstream),
            Authenticator = new HeaderAuthenticator(),
        });

        var refused = await gateway.HandleAsync(Requests.Create("GET", "/reports", headers: ("Authorization", "Bearer wrong")), Requests.Anonymous);
        var admitted = await gateway.HandleAsync(Requests.Create("GET", "/reports", headers: ("Authorization", "Bearer good")), Requests.Anonymous);

        Assert.Equal(401, refused.StatusCode);
        Assert.Contains("bad token", Requests.BodyText(refused), StringComparison.Ordinal);
        Assert.Equal(200, admitted.StatusCode);
        Assert.Equal("u-good", upstream.LastRequest.Headers.GetValues("X-User-ID").Single());
    }

    /// <summary>Accepts exactly "Bearer good".</summary>
    private sealed class HeaderAuthenticator : IEdgeAuthenticator
    {
        public ValueTask<AuthenticationResult> AuthenticateAsync(GatewayRequest request, RouteConfig route, CancellationToken cancellationToken) =>
            ValueTask.FromResult(request.Headers.Get("Authorization") switch
            {
                null => AuthenticationResult.Anonymous,
                "Bearer good" => AuthenticationResult.Success(new CallerIdentity { Kind = CredentialKind.Jwt, Subject = "u-good", Scopes = ["reports:read"] }),
                _ => AuthenticationResult.Failure("bad token"),
            });
    }
}
