using Gateway.Authorization.ApiKeys;
using Gateway.Authorization.Jwt;
using Gateway.Configuration;
using Gateway.State;

namespace Gateway.Authorization;

/// <summary>Builds the credential checks a configuration asks for, once per process. Nothing is fetched here.</summary>
public static class GatewayAuthentication
{
    /// <param name="secret">The HS256 secret; null when none is available (HS256 tokens are then refused).</param>
    /// <param name="keys">The tenant key store; null when there is none (API keys are then refused).</param>
    /// <param name="http">For the identity provider's published keys.</param>
    public static CredentialAuthenticator Create(AuthSettings auth, IJwtSecretSource? secret, IApiKeyStore? keys, HttpClient http, TimeProvider time)
    {
        var tokens = auth.Jwt is { } jwt
            ? new JwtValidator(jwt, secret, jwt.AllowsPublicKeys ? new PublishedSigningKeys(jwt, http, time) : null)
            : null;
        var apiKeys = keys is null ? null : new ApiKeyVerifier(keys, auth.ApiKeys.CacheTtl, time);
        return new CredentialAuthenticator(tokens, apiKeys);
    }

    /// <summary>
    /// The HS256 secret as a function finds it: <c>GATEWAY_JWT_SECRET</c> when set (local runs), else the secret
    /// <c>GATEWAY_JWT_SECRET_ARN</c> names, read lazily through the Parameters and Secrets extension.
    /// </summary>
    public static IJwtSecretSource? SecretFromEnvironment(Func<string, string?> environment, AuthSettings auth, HttpClient http, TimeProvider time)
    {
        if (environment(EnvironmentVariables.JwtSecret) is { Length: > 0 } secret)
        {
            return new FixedJwtSecret(secret);
        }
        return environment(EnvironmentVariables.JwtSecretArn) is { Length: > 0 } arn
            ? new SecretsExtensionJwtSecret(http, arn, environment, auth.Jwt?.SecretCacheTtl ?? JwtSettings.DefaultSecretCacheTtl, time)
            : null;
    }
}
