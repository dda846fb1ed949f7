using System.Collections.Concurrent;

namespace Gateway.State;

/// <summary>Tenant API keys in this process only: tests, benchmarks and <c>gatewayctl serve</c> without DynamoDB.</summary>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);
    private readonly Lock _rotation = new();

    public ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_keys.GetValueOrDefault(keyId));

    public ValueTask<bool> CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_keys.TryAdd(key.Id, key));

    public ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenant, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<ApiKeyRecord>>(_keys.Values.Where(key => key.Tenant == tenant).OrderBy(key => key.Created).ToArray());

    public ValueTask<bool> RevokeAsync(string keyId, DateTimeOffset revokedAt, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Update(keyId, key => key with { Status = ApiKeyStatus.Revoked }));

    public ValueTask<bool> ChangeStatusAsync(string keyId, ApiKeyStatus from, ApiKeyStatus to, CancellationToken cancellationToken)
    {
        lock (_rotation)
        {
            return ValueTask.FromResult(_keys.GetValueOrDefault(keyId)?.Status == from && Update(keyId, key => key with { Status = to }));
        }
    }

    public ValueTask<bool> RotateAsync(string oldKeyId, DateTimeOffset oldKeyExpires, ApiKeyRecord replacement, CancellationToken cancellationToken)
    {
        lock (_rotation)
        {
            if (_keys.GetValueOrDefault(oldKeyId) is not { Status: ApiKeyStatus.Active } || !_keys.TryAdd(replacement.Id, replacement))
            {
                return ValueTask.FromResult(false);
            }
            return ValueTask.FromResult(Update(oldKeyId, key => key with { Expires = oldKeyExpires, ReplacedBy = replacement.Id }));
        }
    }

    private bool Update(string keyId, Func<ApiKeyRecord, ApiKeyRecord> change)
    {
        while (_keys.TryGetValue(keyId, out var current))
        {
            if (_keys.TryUpdate(keyId, change(current), current))
            {
                return true;
            }
        }
        return false;
    }
}
