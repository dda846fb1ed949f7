using Gateway.HostileInputTests.Corpus;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Credentials;

/// <summary>What a minted token must get: forwarded on both token routes, forwarded but 403 on the scoped one, or 401.</summary>
public enum TokenVerdict
{
    Valid,
    ValidWithoutScope,
    Refused,
}

/// <summary>A token to mint, what it must get, and the identity headers it must produce when forwarded (null: the full caller).</summary>
public sealed record MintedSpec(TokenSpec Spec, TokenVerdict Verdict, IReadOnlyDictionary<string, string>? Identity = null);

/// <summary>
/// The tokens jose signs for the token family: controls, and every attack that needs a real signature over a hostile
/// header or claim (an attacker's key, <c>jku</c>, <c>x5u</c>, an embedded <c>jwk</c>, <c>crit</c>, odd kids, claims of
/// the wrong type). Keys: <c>secret</c> is the gateway's HS256 secret, rsa-1 and ec-1 are published, rsa-2 is the
/// attacker's (published only at the attacker's URL).
/// </summary>
public static class TokenSpecs
{
    public static IReadOnlyList<MintedSpec> All(DateTimeOffset now, Uri attackerJwks)
    {
        var exp = now.ToUnixTimeSeconds() + 3600;
        var specs = new List<MintedSpec>
        {
            // Controls.
            Valid("hs256", "secret", "HS256", Caller()),
            Valid("rs256", "rsa-1", "RS256", Caller(), kid: "rsa-1"),
            Valid("es256", "ec-1", "ES256", Caller(), kid: "ec-1"),
            new(new TokenSpec("rs256-no-kid", "rsa-1", "RS256", Caller()), TokenVerdict.Valid),
            Valid("aud-array-with-ours", "secret", "HS256", Caller(("aud", new[] { "other-api", CorpusGateway.Audience }))),
            Valid("expired-within-skew", "secret", "HS256", Caller(), expIn: -10, iatIn: -3600),
            Valid("exp-fractional", "secret", "HS256", Caller(("exp", exp + 0.5)), expIn: null),
            // The HS256 secret does not depend on kid: a token the secret signed is genuine whatever kid it names.
            Valid("hs256-kid-traversal", "secret", "HS256", Caller(), kid: "../../../../etc/passwd"),
            Valid("nested-claim-20", "secret", "HS256", Caller(("nested", Nested(20)))),
            // IdentityModel reads a NumericDate written as a string, and a date beyond year 9999 as the latest it can
            // hold. Odd, but the issuer signed it: these are the issuer's lifetimes, not a client's.
            Valid("exp-numeric-string", "secret", "HS256", Caller(("exp", exp.ToString(System.Globalization.CultureInfo.InvariantCulture))), expIn: null),
            Valid("exp-beyond-year-9999", "secret", "HS256", Caller(("exp", 1_000_000_000_000_000L)), expIn: null),
            new(new TokenSpec("read-only-scope", "secret", "HS256", Caller(("scope", "orders:read"))), TokenVerdict.ValidWithoutScope, CredentialRoutes.Caller("orders:read")),
            new(new TokenSpec("no-scope", "rsa-1", "RS256", Caller(("scope", Missing)), Kid: "rsa-1"), TokenVerdict.ValidWithoutScope, CredentialRoutes.Caller(null)),
            new(new TokenSpec("scope-as-array", "ec-1", "ES256", Caller(("scope", new[] { "orders:read", CorpusGateway.RequiredScope })), Kid: "ec-1"), TokenVerdict.Valid),

            // Algorithms and keys.
            Refused("alg-none", "none", null, Caller()),
            Refused("key-confusion", "rsa-1-public-as-secret", "HS256", Caller(), kid: "rsa-1"),
            Refused("key-confusion-no-kid", "rsa-1-public-as-secret", "HS256", Caller()),
            Refused("key-confusion-kid-traversal", "rsa-1-public-as-secret", "HS256", Caller(), kid: "../../../../dev/null"),
            Refused("attacker-key-unknown-kid", "rsa-2", "RS256", Caller(), kid: "made-up"),
            Refused("attacker-key-own-kid", "rsa-2", "RS256", Caller(), kid: "rsa-2"),
            Refused("attacker-key-published-kid", "rsa-2", "RS256", Caller(), kid: "rsa-1"),
            Refused("attacker-key-ec-kid", "rsa-2", "RS256", Caller(), kid: "ec-1"),
            Refused("attacker-key-no-kid", "rsa-2", "RS256", Caller()),

            // Hostile headers, signed by the attacker.
            Refused("jku", "rsa-2", "RS256", Caller(), kid: "rsa-2", header: new { jku = attackerJwks.AbsoluteUri }),
            Refused("jku-published-kid", "rsa-2", "RS256", Caller(), kid: "rsa-1", header: new { jku = attackerJwks.AbsoluteUri }),
            Refused("x5u", "rsa-2", "RS256", Caller(), kid: "rsa-2", header: new { x5u = attackerJwks.AbsoluteUri }),
            Refused("x5c-garbage", "rsa-2", "RS256", Caller(), kid: "rsa-2", header: new { x5c = new[] { "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" } }),
            new(new TokenSpec("jwk-embedded", "rsa-2", "RS256", Caller(), EmbedJwk: true), TokenVerdict.Refused),
            new(new TokenSpec("jwk-embedded-own-kid", "rsa-2", "RS256", Caller(), Kid: "rsa-2", EmbedJwk: true), TokenVerdict.Refused),
            new(new TokenSpec("jwk-embedded-published-kid", "rsa-2", "RS256", Caller(), Kid: "rsa-1", EmbedJwk: true), TokenVerdict.Refused),
            Refused("kid-traversal", "rsa-2", "RS256", Caller(), kid: "../../../../dev/null"),
            Refused("kid-sql", "rsa-2", "RS256", Caller(), kid: "x' UNION SELECT 'key' --"),
            Refused("kid-huge", "rsa-2", "RS256", Caller(), kid: new string('k', 4000)),
            Refused("kid-empty", "rsa-2", "RS256", Caller(), header: new { kid = "" }),
            Refused("kid-number", "rsa-2", "RS256", Caller(), header: new { kid = 1 }),
            Refused("kid-null", "rsa-2", "RS256", Caller(), header: new { kid = (string?)null }),
            Refused("kid-array", "rsa-2", "RS256", Caller(), header: new { kid = new[] { "rsa-1" } }),
            Refused("kid-object", "rsa-2", "RS256", Caller(), header: new { kid = new { id = "rsa-1" } }),
            // RFC 7515 4.1.11: an extension the recipient does not understand, listed in crit, must be refused, even
            // when the gateway's own secret signed it.
            Refused("crit-unknown-extension", "secret", "HS256", Caller(), header: new Dictionary<string, object> { ["crit"] = new[] { "exp-ext" }, ["exp-ext"] = true }),
            Refused("crit-unknown-extension-rs256", "rsa-1", "RS256", Caller(), kid: "rsa-1", header: new Dictionary<string, object> { ["crit"] = new[] { "http://evil.test/ext" }, ["http://evil.test/ext"] = 1 }),

            // Lifetimes.
            Refused("expired", "secret", "HS256", Caller(), expIn: -120, iatIn: -3600),
            Refused("not-yet-valid", "secret", "HS256", Caller(), nbfIn: 600),
            Refused("issued-in-future", "secret", "HS256", Caller(), iatIn: 600),
            Refused("no-expiry", "secret", "HS256", Caller(), expIn: null),
        };

        // Claims of the wrong type or value, each signed with the gateway's own secret: only the claim is wrong.
        var claims = new (string Label, string Claim, object? Value)[]
        {
            ("exp-huge", "exp", 1e20), ("exp-negative", "exp", -1),
            ("exp-zero", "exp", 0), ("exp-bool", "exp", true), ("exp-null", "exp", null), ("exp-object", "exp", new { t = exp }),
            ("exp-array", "exp", new[] { exp }),
            ("nbf-string-future", "nbf", (exp + 3600).ToString(System.Globalization.CultureInfo.InvariantCulture)), ("nbf-huge", "nbf", 1e20),
            ("iss-wrong", "iss", "https://evil.test"), ("iss-case", "iss", CorpusGateway.Issuer.ToUpperInvariant()),
            ("iss-trailing-slash", "iss", CorpusGateway.Issuer + "/"), ("iss-number", "iss", 1), ("iss-array", "iss", new[] { CorpusGateway.Issuer }),
            ("iss-null", "iss", null), ("iss-object", "iss", new { iss = CorpusGateway.Issuer }), ("iss-empty", "iss", ""),
            ("aud-wrong", "aud", "other-api"), ("aud-case", "aud", CorpusGateway.Audience.ToUpperInvariant()), ("aud-number", "aud", 1),
            ("aud-array-without-ours", "aud", new[] { "other-api", "third-api" }), ("aud-empty-array", "aud", Array.Empty<string>()),
            ("aud-null", "aud", null), ("aud-object", "aud", new { aud = CorpusGateway.Audience }), ("aud-array-of-arrays", "aud", new[] { new[] { CorpusGateway.Audience } }),
            ("aud-empty", "aud", ""), ("aud-with-space", "aud", CorpusGateway.Audience + " "),
        };
        foreach (var (label, claim, value) in claims)
        {
            specs.Add(Refused(label, "secret", "HS256", Caller((claim, value)), expIn: claim == "exp" ? null : 3600));
        }
        specs.Add(Refused("iss-missing", "secret", "HS256", Caller(("iss", Missing))));
        specs.Add(Refused("aud-missing", "secret", "HS256", Caller(("aud", Missing))));

        // Sizes: over the 8 KB maximum, and within it but nested beyond what a JSON reader should follow.
        specs.Add(Refused("claims-over-max-size", "secret", "HS256", Caller(("pad", new string('x', 9000)))));
        specs.Add(Refused("claims-40k", "secret", "HS256", Caller(("pad", new string('x', 40 * 1024)))));
        foreach (var depth in new[] { 100, 600 })
        {
            specs.Add(Refused($"nested-claim-{depth}", "secret", "HS256", Caller(("nested", Nested(depth)))));
        }
        return specs;
    }

    /// <summary>Marks a claim to leave out of <see cref="Caller"/>.</summary>
    private static readonly object Missing = new();

    private static MintedSpec Valid(string name, string sign, string alg, object claims, string? kid = null, long? expIn = 3600, long? iatIn = 0) =>
        new(new TokenSpec(name, sign, alg, claims, kid, expIn, IatIn: iatIn), TokenVerdict.Valid);

    private static MintedSpec Refused(string name, string sign, string? alg, object claims, string? kid = null, long? expIn = 3600, long? nbfIn = null, long? iatIn = 0, object? header = null) =>
        new(new TokenSpec(name, sign, alg, claims, kid, expIn, nbfIn, iatIn, header), TokenVerdict.Refused);

    /// <summary>A caller with every identity claim and the scope the scoped route requires, with some claims replaced.</summary>
    private static Dictionary<string, object?> Caller(params (string Claim, object? Value)[] changes)
    {
        var claims = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["iss"] = CorpusGateway.Issuer,
            ["aud"] = CorpusGateway.Audience,
            ["sub"] = "user-1",
            ["tenant"] = "acme",
            ["plan"] = "free",
            ["org"] = "org-9",
            ["roles"] = new[] { "admin" },
            ["scope"] = $"orders:read {CorpusGateway.RequiredScope}",
        };
        foreach (var (claim, value) in changes)
        {
            if (ReferenceEquals(value, Missing))
            {
                claims.Remove(claim);
            }
            else
            {
                claims[claim] = value;
            }
        }
        return claims;
    }

    /// <summary>[[[…"deep"…]]], <paramref name="depth"/> arrays deep.</summary>
    private static object Nested(int depth)
    {
        object value = "deep";
        for (var i = 0; i < depth; i++)
        {
            value = new[] { value };
        }
        return value;
    }
}
