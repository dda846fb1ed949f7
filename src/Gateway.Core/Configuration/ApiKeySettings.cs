namespace Gateway.Configuration;

/// <summary>Tenant API key settings (<c>auth.apiKeys:</c>).</summary>
public sealed record ApiKeySettings
{
    public static readonly TimeSpan DefaultCacheTtl = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long one authorizer instance reuses a key lookup (found or not). With API Gateway's own result cache
    /// (<c>auth.cacheTtl</c>) this bounds how long a revoked or expired key keeps working.
    /// </summary>
    public TimeSpan CacheTtl { get; init; } = DefaultCacheTtl;
}
