using System.Globalization;
using System.Text.Json;
using Gateway.Configuration;

namespace Gateway.Authorization.Jwt;

/// <summary>
/// Reads the secret named by <c>GATEWAY_JWT_SECRET_ARN</c> through the AWS Parameters and Secrets Lambda
/// Extension's local endpoint (AWSSDK.SecretsManager is not served here; the extension is AWS's own cache in front of
/// Secrets Manager). Nothing is fetched until the first token needs it: under SnapStart a constructor runs once for
/// many execution environments, and a secret read then would be frozen into the snapshot. The value is kept for
/// <c>auth.jwt.secretCacheTtl</c>, so a warm authorizer does not make a local HTTP call per token.
/// </summary>
public sealed class SecretsExtensionJwtSecret(HttpClient http, string secretId, Func<string, string?> environment, TimeSpan cacheTtl, TimeProvider time)
    : IJwtSecretSource
{
    public const int DefaultPort = 2773;
    public const string PortVariable = "PARAMETERS_SECRETS_EXTENSION_HTTP_PORT";
    public const string TokenHeader = "X-Aws-Parameters-Secrets-Token";
    private const string SessionTokenVariable = "AWS_SESSION_TOKEN";

    private volatile Cached? _cached;

    public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cached is { } cached && now < cached.FetchedAt + cacheTtl)
        {
            return cached.Secret;
        }
        var secret = await FetchAsync(cancellationToken).ConfigureAwait(false);
        _cached = new Cached(secret, now);
        return secret;
    }

    private async Task<string> FetchAsync(CancellationToken cancellationToken)
    {
        // Read per fetch: the port and the session token belong to the execution environment, not to the snapshot.
        var port = int.TryParse(environment(PortVariable), NumberStyles.None, CultureInfo.InvariantCulture, out var configured) ? configured : DefaultPort;
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://localhost:{port}/secretsmanager/get?secretId={Uri.EscapeDataString(secretId)}");
        request.Headers.TryAddWithoutValidation(TokenHeader, environment(SessionTokenVariable) ?? string.Empty);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new SigningKeyUnavailableException($"the Parameters and Secrets extension answered {(int)response.StatusCode} for {EnvironmentVariables.JwtSecretArn}");
            }
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return document.RootElement.TryGetProperty("SecretString", out var value) && value.GetString() is { Length: > 0 } secret
                ? secret
                : throw new SigningKeyUnavailableException($"the secret {EnvironmentVariables.JwtSecretArn} names has no SecretString");
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or JsonException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new SigningKeyUnavailableException($"the Parameters and Secrets extension could not be read: {exception.Message}", exception);
        }
    }

    private sealed record Cached(string Secret, DateTimeOffset FetchedAt);
}
