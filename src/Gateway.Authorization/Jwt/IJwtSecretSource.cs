namespace Gateway.Authorization.Jwt;

/// <summary>The HS256 signing secret, wherever it is kept.</summary>
public interface IJwtSecretSource
{
    /// <exception cref="SigningKeyUnavailableException">The secret could not be read.</exception>
    ValueTask<string> GetAsync(CancellationToken cancellationToken);
}

/// <summary>A secret given directly: <c>GATEWAY_JWT_SECRET</c>, or the development secret of <c>gatewayctl</c>.</summary>
public sealed class FixedJwtSecret(string secret) : IJwtSecretSource
{
    public ValueTask<string> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(secret);
}
