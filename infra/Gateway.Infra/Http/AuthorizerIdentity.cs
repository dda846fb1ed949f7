using Gateway.Configuration;

namespace Gateway.Infra.Http;

/// <summary>
/// Which request headers carry a route's credential: the Lambda authorizer's identity sources, and so its cache key.
/// API Gateway answers 401 without invoking the authorizer when any identity source is missing, so an <c>any</c>
/// route (both headers) admits only requests that carry both.
/// </summary>
public static class AuthorizerIdentity
{
    public const string JwtHeader = "Authorization";
    public const string ApiKeyHeader = "x-api-key";

    public static IReadOnlyList<string> Headers(AuthRequirement requirement) => requirement switch
    {
        AuthRequirement.Jwt => [JwtHeader],
        AuthRequirement.ApiKey => [ApiKeyHeader],
        AuthRequirement.Any => [JwtHeader, ApiKeyHeader],
        _ => throw new ArgumentOutOfRangeException(nameof(requirement), requirement, "a public route has no authorizer"),
    };

    /// <summary>The authorizer's name, one per requirement: <c>jwt</c>, <c>apiKey</c>, <c>any</c>.</summary>
    public static string Name(AuthRequirement requirement) => requirement switch
    {
        AuthRequirement.Jwt => "jwt",
        AuthRequirement.ApiKey => "apiKey",
        AuthRequirement.Any => "any",
        _ => throw new ArgumentOutOfRangeException(nameof(requirement), requirement, "a public route has no authorizer"),
    };
}
