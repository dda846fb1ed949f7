namespace Gateway.Configuration;

/// <summary>
/// Gateway-wide authentication settings (the <c>auth:</c> section): API Gateway's result cache, and the
/// credential-specific settings in sub-sections of their own (<c>jwt:</c>, <c>apiKeys:</c>).
/// </summary>
public sealed record AuthSettings
{
    /// <summary>API Gateway's default result-cache TTL for Lambda authorizers.</summary>
    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromMinutes(5);

    /// <summary>API Gateway's upper bound for an authorizer's result cache.</summary>
    public static readonly TimeSpan MaxCacheTtl = TimeSpan.FromHours(1);

    /// <summary>
    /// How long API Gateway caches the Lambda authorizer's answer per identity (the credential headers). Zero turns
    /// the cache off: every request invokes the authorizer.
    /// </summary>
    public TimeSpan CacheTtl { get; init; } = DefaultCacheTtl;

    /// <summary>How bearer tokens are validated; null when the configuration takes none.</summary>
    public JwtSettings? Jwt { get; init; }

    public ApiKeySettings ApiKeys { get; init; } = new();
}
