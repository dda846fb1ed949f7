using Gateway.Configuration;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Authorization.Jwt;

/// <summary>
/// The RS256/ES256 keys an identity provider publishes, from a JWKS URL or an OIDC discovery document. IdentityModel
/// fetches and parses the documents (<see cref="OpenIdConnectConfigurationRetriever"/>, <see cref="JsonWebKeySet"/>);
/// this class decides when: on first use, every <c>keyRefreshInterval</c>, and early when a token names a <c>kid</c>
/// the set lacks (a key rotation), at most once per <c>minKeyRefreshInterval</c> so that tokens with made-up kids
/// cannot make the gateway hammer the provider. (IdentityModel's <c>ConfigurationManager</c> refreshes a requested
/// update in the background, so the token that named the new kid would be refused; here that token waits for it.)
/// A failed fetch keeps the keys already known; with none known yet, it is <see cref="SigningKeyUnavailableException"/>.
/// </summary>
public sealed class PublishedSigningKeys
{
    private readonly string _address;
    private readonly IConfigurationRetriever<OpenIdConnectConfiguration> _reader;
    private readonly HttpDocumentRetriever _documents;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _minRefreshInterval;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _fetching = new(1, 1);
    private volatile Snapshot? _current;
    private DateTimeOffset _lastEarlyFetch = DateTimeOffset.MinValue;

    public PublishedSigningKeys(JwtSettings settings, HttpClient http, TimeProvider time)
    {
        var address = settings.JwksUrl ?? settings.DiscoveryUrl
            ?? throw new ArgumentException("auth.jwt names neither a jwksUrl nor a discoveryUrl", nameof(settings));
        _address = address.AbsoluteUri;
        _reader = settings.JwksUrl is not null ? new JwksRetriever() : new OpenIdConnectConfigurationRetriever();
        // Plain HTTP only to this machine (tests, a local identity provider); anything else must be HTTPS.
        _documents = new HttpDocumentRetriever(http) { RequireHttps = !address.IsLoopback };
        _refreshInterval = settings.KeyRefreshInterval;
        _minRefreshInterval = settings.MinKeyRefreshInterval;
        _time = time;
    }

    /// <summary>The published keys, fetched again first when due or when <paramref name="keyId"/> is not among them.</summary>
    public async ValueTask<ICollection<SecurityKey>> KeysForAsync(string? keyId, CancellationToken cancellationToken)
    {
        var current = _current;
        var now = _time.GetUtcNow();
        if (current is null || now >= current.FetchedAt + _refreshInterval)
        {
            current = await FetchAsync(current, cancellationToken).ConfigureAwait(false);
        }
        else if (!string.IsNullOrEmpty(keyId) && !current.Keys.Any(key => key.KeyId == keyId) && now >= _lastEarlyFetch + _minRefreshInterval)
        {
            _lastEarlyFetch = now;
            current = await FetchAsync(current, cancellationToken).ConfigureAwait(false);
        }
        return current.Keys;
    }

    private async Task<Snapshot> FetchAsync(Snapshot? known, CancellationToken cancellationToken)
    {
        await _fetching.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } fresher && !ReferenceEquals(fresher, known))
            {
                return fresher;
            }
            var configuration = await _reader.GetConfigurationAsync(_address, _documents, cancellationToken).ConfigureAwait(false);
            return _current = new Snapshot(configuration.SigningKeys, _time.GetUtcNow());
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The provider is down or answered garbage: keep verifying with what it published before, if anything.
            return known ?? throw new SigningKeyUnavailableException($"the signing keys at {_address} could not be read: {exception.Message}", exception);
        }
        finally
        {
            _fetching.Release();
        }
    }

    private sealed record Snapshot(ICollection<SecurityKey> Keys, DateTimeOffset FetchedAt);

    /// <summary>Reads a bare JWKS document into the same shape a discovery document gives.</summary>
    private sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(address, cancel).ConfigureAwait(false));
            var configuration = new OpenIdConnectConfiguration { JsonWebKeySet = keys };
            foreach (var key in keys.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }
            return configuration;
        }
    }
}
