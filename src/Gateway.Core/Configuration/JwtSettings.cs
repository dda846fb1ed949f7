namespace Gateway.Configuration;

/// <summary>
/// How bearer tokens are validated (<c>auth.jwt:</c>). HS256 tokens are checked with the shared secret (Secrets
/// Manager, or <c>GATEWAY_JWT_SECRET</c> locally); RS256 and ES256 tokens with the keys a JWKS URL or an OIDC
/// discovery document publishes.
/// </summary>
public sealed record JwtSettings
{
    public const string Hs256 = "HS256";
    public const string Rs256 = "RS256";
    public const string Es256 = "ES256";

    /// <summary>The algorithms a token may be signed with; anything else (<c>none</c> above all) is refused.</summary>
    public static IReadOnlyList<string> SupportedAlgorithms { get; } = [Hs256, Rs256, Es256];

    public static readonly TimeSpan DefaultClockSkew = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
    public const long DefaultMaxTokenBytes = 8 * 1024;
    public static readonly TimeSpan DefaultKeyRefreshInterval = TimeSpan.FromHours(1);
    public static readonly TimeSpan DefaultMinKeyRefreshInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan DefaultSecretCacheTtl = TimeSpan.FromMinutes(5);

    /// <summary>The required <c>iss</c>.</summary>
    public required string Issuer { get; init; }

    /// <summary>Accepted <c>aud</c> values (at least one); the first is what <c>gatewayctl token mint</c> writes.</summary>
    public required IReadOnlyList<string> Audiences { get; init; }

    public IReadOnlyList<string> Algorithms { get; init; } = [Hs256];

    /// <summary>Tolerance for <c>exp</c>, <c>nbf</c> and <c>iat</c> against this machine's clock.</summary>
    public TimeSpan ClockSkew { get; init; } = DefaultClockSkew;

    /// <summary>Longer tokens are refused before they are parsed.</summary>
    public long MaxTokenBytes { get; init; } = DefaultMaxTokenBytes;

    /// <summary>Where RS256/ES256 keys come from: a JWKS document…</summary>
    public Uri? JwksUrl { get; init; }

    /// <summary>…or an OIDC discovery document (its <c>jwks_uri</c>).</summary>
    public Uri? DiscoveryUrl { get; init; }

    /// <summary>How often the published keys are fetched again regardless.</summary>
    public TimeSpan KeyRefreshInterval { get; init; } = DefaultKeyRefreshInterval;

    /// <summary>At most one fetch per this interval when a token names an unknown <c>kid</c>.</summary>
    public TimeSpan MinKeyRefreshInterval { get; init; } = DefaultMinKeyRefreshInterval;

    /// <summary>How long the authorizer keeps the HS256 secret before asking the extension again.</summary>
    public TimeSpan SecretCacheTtl { get; init; } = DefaultSecretCacheTtl;

    /// <summary>Which claims carry the identity's parts.</summary>
    public JwtClaimNames Claims { get; init; } = JwtClaimNames.Default;

    public bool AllowsSharedSecret => Algorithms.Contains(Hs256);

    public bool AllowsPublicKeys => Algorithms.Contains(Rs256) || Algorithms.Contains(Es256);
}

/// <summary>
/// The claim names read into the caller's identity (<c>auth.jwt.claims:</c>). The subject is always <c>sub</c>.
/// Roles and scopes may be a JSON array or one space-separated string.
/// </summary>
public sealed record JwtClaimNames(string Tenant, string Plan, string Org, string Roles, string Scopes)
{
    public static JwtClaimNames Default { get; } = new("tenant", "plan", "org", "roles", "scope");
}
