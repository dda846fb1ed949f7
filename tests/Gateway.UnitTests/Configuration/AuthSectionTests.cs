using Gateway.Configuration;
using Gateway.Testing;

namespace Gateway.UnitTests.Configuration;

public sealed class AuthSectionTests
{
    private const string Base = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - { name: reports, path: /reports, service: api, auth: jwt }
        usagePlans:
          free: { rate: { requests: 5, per: 1s } }

        """;

    [Fact]
    public void Reads_jwt_and_api_key_settings_with_defaults()
    {
        var config = TestGateway.LoadConfig(Base + """
            auth:
              jwt:
                issuer: https://issuer.test
                audience: [api, api-2]
                algorithms: [HS256, ES256]
                discoveryUrl: https://issuer.test/.well-known/openid-configuration
                clockSkew: 10s
                claims: { tenant: "https://example.com/tenant" }
              apiKeys: { cacheTtl: 15s }
            """);

        var jwt = config.Auth.Jwt!;
        Assert.Equal(["api", "api-2"], jwt.Audiences);
        Assert.Equal(["HS256", "ES256"], jwt.Algorithms);
        Assert.Equal(TimeSpan.FromSeconds(10), jwt.ClockSkew);
        Assert.Equal(8 * 1024, jwt.MaxTokenBytes);
        Assert.Equal("https://example.com/tenant", jwt.Claims.Tenant);
        Assert.Equal("scope", jwt.Claims.Scopes);
        Assert.Equal(TimeSpan.FromSeconds(15), config.Auth.ApiKeys.CacheTtl);
    }

    [Theory]
    [InlineData("auth: { jwt: { audience: api } }", "auth.jwt.issuer: is required")]
    [InlineData("auth: { jwt: { issuer: i } }", "auth.jwt.audience: is required")]
    [InlineData("auth: { jwt: { issuer: i, audience: a, algorithms: [none] } }", "auth.jwt.algorithms[0]: unsigned tokens (alg: none) are never accepted")]
    [InlineData("auth: { jwt: { issuer: i, audience: a, algorithms: [HS512] } }", "auth.jwt.algorithms[0]: \"HS512\" is not one of: HS256, RS256, ES256")]
    [InlineData("auth: { jwt: { issuer: i, audience: a, algorithms: [RS256] } }", "auth.jwt.algorithms: RS256 and ES256 need the provider's keys")]
    [InlineData("auth: { jwt: { issuer: i, audience: a, jwksUrl: \"https://x.test/jwks\" } }", "auth.jwt.jwksUrl: is only used for RS256 and ES256")]
    [InlineData("auth: { jwt: { issuer: i, audience: a, algorithms: [RS256], jwksUrl: \"http://idp.example.com/jwks\" } }", "auth.jwt.jwksUrl: \"http://idp.example.com/jwks\" is not an https:// URL")]
    [InlineData("auth: { jwt: { issuer: i, audience: a, clockSkew: 10m } }", "auth.jwt.clockSkew: must be between")]
    [InlineData("auth: { jwt: { issuer: i, audience: a, secret: x } }", "auth.jwt.secret: unknown field")]
    [InlineData("auth: { jwt: { issuer: i, audience: a }, apiKeys: { cacheTtl: 2h } }", "auth.apiKeys.cacheTtl: must be between")]
    public void Reports_problems_with_the_line_and_field(string yaml, string expected)
    {
        var problems = TestGateway.Problems(Base + yaml);

        var problem = Assert.Single(problems);
        Assert.Contains(expected, problem.ToString(), StringComparison.Ordinal);
        Assert.Equal(7, problem.Line);
    }
}
