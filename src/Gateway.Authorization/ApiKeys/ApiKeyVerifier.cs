using Gateway.Identity;
using Gateway.State;

namespace Gateway.Authorization.ApiKeys;

/// <summary>
/// Checks a presented tenant API key against the key store. Lookups (found or not) are kept per instance for
/// <c>auth.apiKeys.cacheTtl</c>, so a warm authorizer answers without DynamoDB; that TTL is also how long a
/// revoked key may keep working on an instance that looked it up just before.
/// </summary>
public sealed class ApiKeyVerifier(IApiKeyStore store, TimeSpan cacheTtl, TimeProvider time)
{
    private readonly LocalCache<Lookup> _lookups = new();

    /// <exception cref="StoreUnavailableException">The store failed and this instance has no earlier answer for the key.</exception>
    public async ValueTask<AuthenticationResult> VerifyAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryReadId(presented, out var id))
        {
            return AuthenticationResult.Failure("the API key is malformed");
        }
        var now = time.GetUtcNow();
        var key = await FindAsync(id, now, cancellationToken).ConfigureAwait(false);
        if (key is null || !ApiKeyFormat.Matches(presented, key.Hash))
        {
            return AuthenticationResult.Failure("the API key is not valid");
        }
        // Deny by default: only an active key within its expiry (a rotated one within its grace) authenticates.
        return key.Status switch
        {
            ApiKeyStatus.Active when key.IsUsableAt(now) =>
                AuthenticationResult.Success(new CallerIdentity { Kind = CredentialKind.ApiKey, Tenant = key.Tenant, Plan = key.Plan, KeyId = key.Id }),
            ApiKeyStatus.Active => AuthenticationResult.Failure("the API key has expired"),
            ApiKeyStatus.Revoked => AuthenticationResult.Failure("the API key has been revoked"),
            _ => AuthenticationResult.Failure("the API key is not active"),
        };
    }

    private async ValueTask<ApiKeyRecord?> FindAsync(string id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cached = _lookups.TryGet(id, out var lookup);
        if (cached && now < lookup.FetchedAt + cacheTtl)
        {
            return lookup.Key;
        }
        try
        {
            var key = await store.FindAsync(id, cancellationToken).ConfigureAwait(false);
            _lookups.Set(id, new Lookup(key, now));
            return key;
        }
        catch (StoreUnavailableException) when (cached)
        {
            // A stale answer beats refusing a known tenant during a store outage; the next call asks again.
            return lookup.Key;
        }
    }

    private readonly record struct Lookup(ApiKeyRecord? Key, DateTimeOffset FetchedAt);
}
