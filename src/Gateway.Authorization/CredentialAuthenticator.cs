using Gateway.Authorization.ApiKeys;
using Gateway.Authorization.Jwt;
using Gateway.Configuration;
using Gateway.Identity;

namespace Gateway.Authorization;

/// <summary>
/// Establishes the caller from the credential a route takes: a bearer JWT for <c>jwt</c>, an API key for
/// <c>apiKey</c>, either for <c>any</c> (the bearer token when both are sent). Only those headers are read: behind
/// API Gateway the answer is cached under the route's identity sources alone, so it must not depend on any other
/// header. Scopes and roles are not checked here but by the proxy, per route: a cached allow is reused across routes.
/// Shared by the Lambda authorizer and <c>gatewayctl serve</c>.
/// </summary>
public sealed class CredentialAuthenticator(JwtValidator? tokens, ApiKeyVerifier? apiKeys)
{
    private const string BearerScheme = "Bearer";

    /// <exception cref="State.StoreUnavailableException">The key store failed.</exception>
    /// <exception cref="SigningKeyUnavailableException">A token's signing key (the HS256 secret, or the published keys) could not be obtained.</exception>
    public ValueTask<AuthenticationResult> AuthenticateAsync(AuthRequirement requirement, string? authorization, string? apiKey, CancellationToken cancellationToken)
    {
        var takesToken = requirement is AuthRequirement.Jwt or AuthRequirement.Any;
        var takesKey = requirement is AuthRequirement.ApiKey or AuthRequirement.Any;
        if (takesToken && authorization is not null)
        {
            return Bearer(authorization, cancellationToken);
        }
        if (takesKey && apiKey is not null)
        {
            return apiKeys is null
                ? ValueTask.FromResult(AuthenticationResult.Failure("API keys cannot be checked: no key store is configured"))
                : apiKeys.VerifyAsync(apiKey.Trim(), cancellationToken);
        }
        return ValueTask.FromResult(AuthenticationResult.Anonymous);
    }

    private ValueTask<AuthenticationResult> Bearer(string authorization, CancellationToken cancellationToken)
    {
        var value = authorization.AsSpan().Trim();
        if (value.Length <= BearerScheme.Length + 1 || !value.StartsWith(BearerScheme, StringComparison.OrdinalIgnoreCase) || value[BearerScheme.Length] != ' ')
        {
            return ValueTask.FromResult(AuthenticationResult.Failure("the Authorization header must be \"Bearer <token>\""));
        }
        if (tokens is null)
        {
            return ValueTask.FromResult(AuthenticationResult.Failure("bearer tokens cannot be checked: auth.jwt is not configured"));
        }
        return tokens.ValidateAsync(value[(BearerScheme.Length + 1)..].Trim().ToString(), cancellationToken);
    }
}
