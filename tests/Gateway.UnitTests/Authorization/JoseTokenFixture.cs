using System.Text;
using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.UnitTests.Authorization;

/// <summary>
/// One jose run for the whole class (node is slow to start), and a loopback identity provider serving its JWKS and
/// counting fetches. <see cref="PublishRotatedKeys"/> makes it publish the rotated set.
/// </summary>
public sealed class JoseTokenFixture : IAsyncLifetime
{
    public const string Secret = "jwt-tests-shared-secret-0123456789abcdef";
    public const string Issuer = "https://issuer.test";
    public const string Audience = "gateway-api";

    private static readonly object Caller = new
    {
        iss = Issuer,
        aud = Audience,
        sub = "user-1",
        tenant = "acme",
        plan = "free",
        org = "org-9",
        roles = new[] { "admin", "support" },
        scope = "orders:read orders:write",
    };

    private volatile bool _rotated;
    private int _fetches;

    public JoseTokens Tokens { get; private set; } = null!;

    public TestUpstream Provider { get; private set; } = null!;

    public Uri JwksUrl => new(Provider.Address, "/jwks.json");

    public int JwksFetches => Volatile.Read(ref _fetches);

    public void PublishRotatedKeys() => _rotated = true;

    public async Task InitializeAsync()
    {
        Tokens = await JoseTokens.MintAsync(Secret,
        [
            new TokenSpec("hs256", "secret", "HS256", Caller),
            new TokenSpec("rs256", "rsa-1", "RS256", Caller, Kid: "rsa-1"),
            new TokenSpec("es256", "ec-1", "ES256", Caller, Kid: "ec-1"),
            new TokenSpec("rs256-rotated-key", "rsa-2", "RS256", Caller, Kid: "rsa-2"),
            new TokenSpec("alg-none", "none", null, Caller),
            new TokenSpec("key-confusion", "rsa-1-public-as-secret", "HS256", Caller, Kid: "rsa-1"),
            new TokenSpec("expired", "secret", "HS256", Caller, ExpIn: -120, IatIn: -3600),
            new TokenSpec("expired-within-skew", "secret", "HS256", Caller, ExpIn: -10, IatIn: -3600),
            new TokenSpec("not-yet-valid", "secret", "HS256", Caller, NbfIn: 600),
            new TokenSpec("issued-in-future", "secret", "HS256", Caller, IatIn: 600),
            new TokenSpec("no-expiry", "secret", "HS256", Caller, ExpIn: null),
            new TokenSpec("wrong-issuer", "secret", "HS256", new { iss = "https://evil.test", aud = Audience, sub = "user-1" }),
            new TokenSpec("wrong-audience", "secret", "HS256", new { iss = Issuer, aud = "other-api", sub = "user-1" }),
            new TokenSpec("oversized", "secret", "HS256", new { iss = Issuer, aud = Audience, sub = "user-1", pad = new string('x', 9000) }),
            new TokenSpec("unknown-kid", "rsa-2", "RS256", Caller, Kid: "made-up"),
            new TokenSpec("crit-unknown", "secret", "HS256", Caller, Header: new Dictionary<string, object> { ["crit"] = new[] { "exp-ext" }, ["exp-ext"] = true }),
        ]);
        Provider = await TestUpstream.StartAsync(async (context, _) =>
        {
            Interlocked.Increment(ref _fetches);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(_rotated ? Tokens.RotatedJwks : Tokens.Jwks, Encoding.UTF8);
        });
    }

    public async Task DisposeAsync() => await Provider.DisposeAsync();
}
