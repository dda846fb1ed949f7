using Gateway.Configuration;
using Gateway.Identity;

namespace Gateway.Infra.Http;

/// <summary>
/// Which request headers carry a route's credential: the Lambda authorizer's identity sources, and so the key of
/// API Gateway's result cache. API Gateway answers 401 without invoking the authorizer when an identity source is
/// missing, so an <c>any</c> route (a bearer token or an API key) cannot name either header: its authorizer has no
/// identity sources, and API Gateway allows that only with the result cache off. Every request to an <c>any</c>
/// route therefore invokes the authorizer, whose key lookups are still cached per instance.
/// </summary>
public static class AuthorizerIdentity
{
    public static IReadOnlyList<string> Headers(AuthRequirement requirement) => requirement switch
    {
        AuthRequirement.Jwt => [CredentialHeaders.Authorization],
        AuthRequirement.ApiKey => [CredentialHeaders.ApiKey],
        AuthRequirement.Any => [],
        _ => throw new ArgumentOutOfRangeException(nameof(requirement), requirement, "a public route has no authorizer"),
    };

    /// <summary>The configured result-cache TTL, or zero for an authorizer without identity sources.</summary>
    public static TimeSpan CacheTtl(AuthRequirement requirement, AuthSettings auth) =>
        Headers(requirement).Count == 0 ? TimeSpan.Zero : auth.CacheTtl;

    /// <summary>The authorizer's name, one per requirement: <c>jwt</c>, <c>apiKey</c>, <c>any</c>.</summary>
    public static string Name(AuthRequirement requirement) => requirement switch
    {
        AuthRequirement.Jwt => "jwt",
        AuthRequirement.ApiKey => "apiKey",
        AuthRequirement.Any => "any",
        _ => throw new ArgumentOutOfRangeException(nameof(requirement), requirement, "a public route has no authorizer"),
    };
}
