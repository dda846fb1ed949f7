using Gateway.Configuration;
using Gateway.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Authorization.Jwt;

/// <summary>
/// Validates bearer tokens with IdentityModel's <see cref="JsonWebTokenHandler"/>: signature, <c>iss</c>,
/// <c>aud</c>, <c>exp</c> (required) and <c>nbf</c> within the clock skew, plus <c>iat</c> not in the future. The
/// token's <c>alg</c> must be on the configured allow-list, and it picks the only keys that may verify it: HS256 the
/// shared secret alone, RS256/ES256 the published keys alone, so a token cannot be signed with a public key used as
/// an HMAC secret (key confusion). Unsigned tokens (<c>alg: none</c>) are never on the list, and tokens with a
/// <c>crit</c> header are refused, as no extension is understood here.
/// </summary>
public sealed class JwtValidator
{
    private const string CriticalHeader = "crit";

    private readonly JwtSettings _settings;
    private readonly IJwtSecretSource? _secret;
    private readonly PublishedSigningKeys? _publishedKeys;
    private readonly JsonWebTokenHandler _handler;
    private readonly string[] _publicKeyAlgorithms;
    private volatile SecretParameters? _secretParameters;

    public JwtValidator(JwtSettings settings, IJwtSecretSource? secret, PublishedSigningKeys? publishedKeys)
    {
        _settings = settings;
        _secret = secret;
        _publishedKeys = publishedKeys;
        _handler = new JsonWebTokenHandler { MapInboundClaims = false, MaximumTokenSizeInBytes = (int)settings.MaxTokenBytes };
        _publicKeyAlgorithms = settings.Algorithms.Where(algorithm => algorithm != JwtSettings.Hs256).ToArray();
    }

    /// <exception cref="SigningKeyUnavailableException">The secret (HS256) or the published keys (RS256, ES256) could not be obtained.</exception>
    public async ValueTask<AuthenticationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        if (token.Length > _settings.MaxTokenBytes)
        {
            return AuthenticationResult.Failure($"the token is longer than {_settings.MaxTokenBytes} bytes");
        }
        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return AuthenticationResult.Failure("the bearer token is not a well-formed JWT");
        }
        if (!_settings.Algorithms.Contains(jwt.Alg))
        {
            return AuthenticationResult.Failure($"tokens signed with \"{jwt.Alg}\" are not accepted");
        }
        // RFC 7515 4.1.11: crit names extensions the recipient must understand or refuse the token. IdentityModel
        // ignores crit, and the gateway understands no extension, so any crit is refused.
        if (jwt.TryGetHeaderValue<object>(CriticalHeader, out _))
        {
            return AuthenticationResult.Failure("the token names critical header extensions (crit) the gateway does not understand");
        }

        TokenValidationParameters parameters;
        if (jwt.Alg == JwtSettings.Hs256)
        {
            if (_secret is null)
            {
                return AuthenticationResult.Failure("HS256 tokens cannot be checked: no secret is configured");
            }
            parameters = await SecretParametersAsync(_secret, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            if (_publishedKeys is null)
            {
                return AuthenticationResult.Failure($"{jwt.Alg} tokens cannot be checked: no jwksUrl or discoveryUrl is configured");
            }
            parameters = Parameters(_publicKeyAlgorithms);
            parameters.IssuerSigningKeys = await _publishedKeys.KeysForAsync(jwt.Kid, cancellationToken).ConfigureAwait(false);
        }

        var result = await _handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return AuthenticationResult.Failure(Describe(result.Exception));
        }
        // IdentityModel leaves iat alone; judged by the same (system) clock it checks exp and nbf with.
        if (jwt.IssuedAt > DateTime.UtcNow + _settings.ClockSkew)
        {
            return AuthenticationResult.Failure("the token was issued in the future (iat)");
        }
        return AuthenticationResult.Success(IdentityClaims.Read(jwt, _settings.Claims));
    }

    /// <summary>Built once per secret value: rebuilding the parameters per token would double the validation's cost.</summary>
    private async ValueTask<TokenValidationParameters> SecretParametersAsync(IJwtSecretSource source, CancellationToken cancellationToken)
    {
        var secret = await source.GetAsync(cancellationToken).ConfigureAwait(false);
        if (_secretParameters is { } cached && ReferenceEquals(cached.Secret, secret))
        {
            return cached.Parameters;
        }
        var parameters = Parameters([JwtSettings.Hs256]);
        parameters.IssuerSigningKey = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(secret));
        _secretParameters = new SecretParameters(secret, parameters);
        return parameters;
    }

    private TokenValidationParameters Parameters(string[] algorithms) => new()
    {
        ValidIssuer = _settings.Issuer,
        ValidAudiences = _settings.Audiences,
        ValidAlgorithms = algorithms,
        ClockSkew = _settings.ClockSkew,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateLifetime = true,
        LogValidationExceptions = false,
    };

    /// <summary>IdentityModel's messages hide details behind PII markers; these say what a client can act on.</summary>
    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "the token has expired",
        SecurityTokenNotYetValidException => "the token is not valid yet (nbf)",
        SecurityTokenNoExpirationException => "the token has no expiry (exp)",
        SecurityTokenInvalidLifetimeException => "the token's lifetime is not valid",
        SecurityTokenInvalidIssuerException => "the token's issuer is not accepted",
        SecurityTokenInvalidAudienceException => "the token's audience is not accepted",
        SecurityTokenInvalidAlgorithmException => "the token's algorithm is not accepted",
        SecurityTokenSignatureKeyNotFoundException => "no key matches the token's signature",
        SecurityTokenInvalidSignatureException => "the token's signature is not valid",
        SecurityTokenMalformedException => "the bearer token is not a well-formed JWT",
        _ => "the token is not valid",
    };

    private sealed record SecretParameters(string Secret, TokenValidationParameters Parameters);
}
