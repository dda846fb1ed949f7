using Gateway.Configuration;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Authorization.Jwt;

/// <summary>
/// The RS256/ES256 keys an identity provider publishes, from a JWKS URL or an OIDC discovery document, through
/// IdentityModel's <see cref="ConfigurationManager{T}"/>: fetched on first use, kept and fetched again every
/// <c>keyRefreshInterval</c>, and fetched early when a token names a <c>kid</c> the set lacks (a key rotation), at most
/// once per <c>minKeyRefreshInterval</c> so that tokens with made-up kids cannot make the gateway hammer the provider.
/// </summary>
public sealed class PublishedSigningKeys
{
    /// <summary>
    /// By default a requested refresh runs in the background, so the token that named the new kid would still be
    /// refused; blocking makes the next <c>GetConfigurationAsync</c> fetch first. Read by IdentityModel once, on first
    /// use, hence set before any manager exists.
    /// </summary>
    private const string BlockingRefreshSwitch = "Switch.Microsoft.IdentityModel.UpdateConfigAsBlocking";

    private readonly ConfigurationManager<OpenIdConnectConfiguration> _manager;

    static PublishedSigningKeys() => AppContext.SetSwitch(BlockingRefreshSwitch, true);

    public PublishedSigningKeys(JwtSettings settings, HttpClient http)
    {
        var address = settings.JwksUrl ?? settings.DiscoveryUrl
            ?? throw new ArgumentException("auth.jwt names neither a jwksUrl nor a discoveryUrl", nameof(settings));
        IConfigurationRetriever<OpenIdConnectConfiguration> reader = settings.JwksUrl is not null ? new JwksRetriever() : new OpenIdConnectConfigurationRetriever();
        // Plain HTTP only to this machine (tests, a local identity provider); anything else must be HTTPS.
        var documents = new HttpDocumentRetriever(http) { RequireHttps = !address.IsLoopback };
        _manager = new ConfigurationManager<OpenIdConnectConfiguration>(address.AbsoluteUri, reader, documents)
        {
            AutomaticRefreshInterval = settings.KeyRefreshInterval,
            RefreshInterval = settings.MinKeyRefreshInterval,
        };
    }

    /// <summary>The published keys, fetched again first when <paramref name="keyId"/> is not among them.</summary>
    public async ValueTask<ICollection<SecurityKey>> KeysForAsync(string? keyId, CancellationToken cancellationToken)
    {
        var configuration = await _manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrEmpty(keyId) || configuration.SigningKeys.Any(key => key.KeyId == keyId))
        {
            return configuration.SigningKeys;
        }
        // The manager ignores requests within RefreshInterval of the last one: that is the rate limit.
        _manager.RequestRefresh();
        return (await _manager.GetConfigurationAsync(cancellationToken).ConfigureAwait(false)).SigningKeys;
    }

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
