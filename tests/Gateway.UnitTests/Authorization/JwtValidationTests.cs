using Gateway.Authorization;
using Gateway.Authorization.Jwt;
using Gateway.Configuration;
using Gateway.Identity;
using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.UnitTests.Authorization;

/// <summary>Tokens minted independently by jose (HS256, RS256, ES256, keys from a loopback JWKS) against the validator.</summary>
public sealed class JwtValidationTests(JoseTokenFixture jose) : IClassFixture<JoseTokenFixture>
{
    private JwtValidator Validator(IReadOnlyList<string>? algorithms = null, string secret = JoseTokenFixture.Secret, TimeSpan? minRefresh = null, Uri? jwksUrl = null)
    {
        var settings = new JwtSettings
        {
            Issuer = JoseTokenFixture.Issuer,
            Audiences = [JoseTokenFixture.Audience],
            Algorithms = algorithms ?? [JwtSettings.Hs256, JwtSettings.Rs256, JwtSettings.Es256],
            JwksUrl = jwksUrl ?? jose.JwksUrl,
            MinKeyRefreshInterval = minRefresh ?? TimeSpan.FromMinutes(5),
        };
        return new JwtValidator(settings, new FixedJwtSecret(secret), settings.AllowsPublicKeys ? new PublishedSigningKeys(settings, new HttpClient(), TimeProvider.System) : null);
    }

    [Theory]
    [InlineData("hs256")]
    [InlineData("rs256")]
    [InlineData("es256")]
    public async Task Accepts_each_allowed_algorithm_and_reads_the_identity(string token)
    {
        var result = await Validator().ValidateAsync(jose.Tokens[token], default);

        var identity = Assert.IsType<CallerIdentity>(result.Identity);
        Assert.Equal(CredentialKind.Jwt, identity.Kind);
        Assert.Equal("user-1", identity.Subject);
        Assert.Equal("acme", identity.Tenant);
        Assert.Equal("free", identity.Plan);
        Assert.Equal("org-9", identity.Org);
        Assert.Equal(["admin", "support"], identity.Roles);
        Assert.Equal(["orders:read", "orders:write"], identity.Scopes);
    }

    [Theory]
    [InlineData("alg-none", "\"none\" are not accepted")]
    [InlineData("key-confusion", "signature")]
    [InlineData("expired", "expired")]
    [InlineData("not-yet-valid", "not valid yet")]
    [InlineData("issued-in-future", "issued in the future")]
    [InlineData("no-expiry", "no expiry")]
    [InlineData("wrong-issuer", "issuer")]
    [InlineData("wrong-audience", "audience")]
    [InlineData("oversized", "longer than")]
    [InlineData("crit-unknown", "crit")]
    public async Task Refuses(string token, string reason)
    {
        var result = await Validator().ValidateAsync(jose.Tokens[token], default);

        Assert.Null(result.Identity);
        Assert.Contains(reason, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tolerates_the_clock_skew()
    {
        Assert.NotNull((await Validator().ValidateAsync(jose.Tokens["expired-within-skew"], default)).Identity);
    }

    [Fact]
    public async Task Refuses_algorithms_left_off_the_allow_list_and_a_wrong_secret()
    {
        Assert.Contains("\"RS256\" are not accepted", (await Validator([JwtSettings.Hs256]).ValidateAsync(jose.Tokens["rs256"], default)).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("\"HS256\" are not accepted", (await Validator([JwtSettings.Rs256]).ValidateAsync(jose.Tokens["hs256"], default)).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("signature", (await Validator(secret: "another-secret-of-enough-length-0123456789").ValidateAsync(jose.Tokens["hs256"], default)).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_garbage_and_tampered_tokens()
    {
        var validator = Validator();
        var parts = jose.Tokens["hs256"].Split('.');
        var tampered = $"{parts[0]}.{parts[1]}x.{parts[2]}";

        Assert.Null((await validator.ValidateAsync("not-a-jwt", default)).Identity);
        Assert.Null((await validator.ValidateAsync(tampered, default)).Identity);
    }

    [Fact]
    public async Task A_new_kid_fetches_the_keys_again_and_made_up_kids_do_not_hammer_the_provider()
    {
        var validator = Validator(minRefresh: TimeSpan.FromMinutes(5));
        Assert.NotNull((await validator.ValidateAsync(jose.Tokens["rs256"], default)).Identity);
        var fetchesBefore = jose.JwksFetches;

        jose.PublishRotatedKeys();
        var rotated = await validator.ValidateAsync(jose.Tokens["rs256-rotated-key"], default);
        for (var i = 0; i < 20; i++)
        {
            // Each names a kid the set lacks, which asks for a refresh; only the first within the interval is made.
            await validator.ValidateAsync(jose.Tokens["unknown-kid"], default);
        }

        Assert.True(rotated.Identity is not null, rotated.FailureMessage);
        Assert.Equal(1, jose.JwksFetches - fetchesBefore);
    }

    [Theory]
    [InlineData("refuses connections")]
    [InlineData("answers garbage")]
    public async Task A_provider_whose_keys_were_never_read_makes_the_key_unavailable_not_an_unhandled_error(string provider)
    {
        await using var garbage = await TestUpstream.StartAsync((context, _) => context.Response.WriteAsync("<html>maintenance</html>"));
        var jwksUrl = provider == "answers garbage" ? new Uri(garbage.Address, "/jwks.json") : new Uri($"http://127.0.0.1:{RawTcpUpstream.UnusedPort()}/jwks.json");

        var unavailable = await Assert.ThrowsAsync<SigningKeyUnavailableException>(
            () => Validator(jwksUrl: jwksUrl).ValidateAsync(jose.Tokens["rs256"], default).AsTask());

        Assert.Contains(jwksUrl.Authority, unavailable.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_answers_a_provider_that_cannot_be_reached_with_a_401_not_a_500()
    {
        var config = TestGateway.LoadConfig($$"""
            services: { api: { url: "http://upstream.test" } }
            routes: [{ name: me, path: /me, service: api, auth: jwt }]
            auth:
              jwt: { issuer: "{{JoseTokenFixture.Issuer}}", audience: {{JoseTokenFixture.Audience}}, algorithms: [RS256], jwksUrl: "http://127.0.0.1:{{RawTcpUpstream.UnusedPort()}}/jwks.json" }
            """);
        var authenticator = new InProcessAuthenticator(GatewayAuthentication.Create(config.Auth, null, null, new HttpClient(), TimeProvider.System));
        var request = Requests.Create("GET", "/me", headers: ("Authorization", "Bearer " + jose.Tokens["rs256"]));

        var result = await authenticator.AuthenticateAsync(request, config.Routes[0], default);

        Assert.Null(result.Identity);
        Assert.Equal("the credential could not be checked right now", result.FailureMessage);
    }

    [Theory]
    [InlineData("Bearer {0}", "Bearer {0}")]
    [InlineData("Bearer {0}", "Bearer garbage")]
    [InlineData("Bearer garbage", "Bearer {0}")]
    public async Task Serve_refuses_two_authorization_headers_as_the_authorizer_does(string first, string second)
    {
        var config = TestGateway.LoadConfig($$"""
            services: { api: { url: "http://upstream.test" } }
            routes: [{ name: me, path: /me, service: api, auth: jwt }]
            auth:
              jwt: { issuer: "{{JoseTokenFixture.Issuer}}", audience: {{JoseTokenFixture.Audience}} }
            """);
        var authenticator = new InProcessAuthenticator(GatewayAuthentication.Create(config.Auth, new FixedJwtSecret(JoseTokenFixture.Secret), null, new HttpClient(), TimeProvider.System));
        var token = jose.Tokens["hs256"];
        var request = Requests.Create("GET", "/me", headers: [("Authorization", first.Replace("{0}", token, StringComparison.Ordinal)), ("Authorization", second.Replace("{0}", token, StringComparison.Ordinal))]);

        var result = await authenticator.AuthenticateAsync(request, config.Routes[0], default);

        Assert.Null(result.Identity);
        Assert.NotNull(result.FailureMessage);
    }
}
