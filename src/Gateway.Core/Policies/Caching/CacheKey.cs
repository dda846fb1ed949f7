using System.Text;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Pipeline;

namespace Gateway.Policies.Caching;

/// <summary>
/// Decides whose answers a request may see and builds the key it reads and fills. The key holds the host, the path,
/// the raw query and the configured headers' values; then the partition: on a private cache (the default) a verified
/// caller's own identity (credential kind, subject, tenant, API key id), so no caller ever sees another's answer; on a
/// <c>shared</c> cache nothing more (or, with <c>varyByTenant</c>, the tenant — and a caller without a tenant keeps
/// its own identity rather than joining everyone else without one). A request whose answer could depend on something
/// the key does not hold gets no key: it neither reads nor fills the cache.
/// </summary>
internal sealed class CacheKey
{
    /// <summary>
    /// Inputs the upstream may act on that the key does not hold (RFC 9111 §4.1 would need them in <c>Vary</c>): a
    /// range asks for part of the answer. (Method overrides, client-sent forwarding headers and bodies on GET never
    /// get this far: the edge removes or refuses them.)
    /// </summary>
    internal static readonly string[] UnkeyedHeaders = ["Range", "If-Range"];

    /// <summary>Credentials the gateway did not verify on this route: the upstream may answer per credential.</summary>
    internal static readonly string[] UnverifiedCredentialHeaders = [CredentialHeaders.Authorization, CredentialHeaders.ApiKey, "Cookie"];

    private readonly ResponseCacheSettings _settings;

    // The lists above less the headers the key holds (varyByHeaders): those are inputs the key does account for.
    private readonly string[] _unkeyed;
    private readonly string[] _unverifiedCredentials;

    public CacheKey(ResponseCacheSettings settings)
    {
        _settings = settings;
        _unkeyed = NotKeyed(UnkeyedHeaders, settings.VaryByHeaders);
        _unverifiedCredentials = NotKeyed(UnverifiedCredentialHeaders, settings.VaryByHeaders);
    }

    /// <summary>The key, or null when the request must bypass the cache.</summary>
    public string? For(GatewayContext context)
    {
        var request = context.Request;
        if (CarriesAny(request, _unkeyed))
        {
            return null;
        }
        var identity = context.Identity;
        if (identity is null && !_settings.Shared && CarriesAny(request, _unverifiedCredentials))
        {
            return null;
        }

        var key = new StringBuilder(160)
            .Append(request.Host).Append('\n')
            .Append(context.OriginalPath).Append('?').Append(request.RawQuery);
        foreach (var header in _settings.VaryByHeaders)
        {
            // Absent and empty are different answers to "what did the client send?".
            key.Append('\n').Append(request.Headers.GetCombined(header) ?? "\0");
        }
        key.Append('\n');
        if (identity is null)
        {
            return key.Append("anonymous").ToString();
        }
        if (_settings.Shared && _settings.VaryByTenant && identity.Tenant is { } tenant)
        {
            return Part(key.Append("tenant"), tenant).ToString();
        }
        if (_settings.Shared && !_settings.VaryByTenant)
        {
            return key.Append("shared").ToString();
        }
        key.Append(identity.Kind == CredentialKind.Jwt ? "jwt" : "apiKey");
        Part(key, identity.Subject);
        Part(key, identity.Tenant);
        return Part(key, identity.KeyId).ToString();
    }

    /// <summary>True when a verified caller's answer goes into a partition other callers read.</summary>
    public bool IsSharedAcrossCallers(GatewayContext context) =>
        _settings.Shared && context.Identity is { } identity && (!_settings.VaryByTenant || identity.Tenant is not null);

    private static string[] NotKeyed(string[] names, IReadOnlyList<string> keyed) =>
        names.Where(name => !keyed.Any(header => CgiHeaderName.Same(header, name))).ToArray();

    private static bool CarriesAny(GatewayRequest request, string[] names)
    {
        if (names.Length == 0)
        {
            return false;
        }
        foreach (var (sent, _) in request.Headers)
        {
            foreach (var name in names)
            {
                if (CgiHeaderName.Same(sent, name))
                {
                    return true;
                }
            }
        }
        return false;
    }

    // Length-prefixed, so that no value can spell the boundary between two others; absent differs from empty.
    private static StringBuilder Part(StringBuilder key, string? value) =>
        value is null ? key.Append("|-") : key.Append('|').Append(value.Length).Append(':').Append(value);
}
