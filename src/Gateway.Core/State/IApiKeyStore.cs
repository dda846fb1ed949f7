namespace Gateway.State;

/// <summary>
/// Whether a tenant API key may still be used (an active key may also have expired). Only <see cref="Active"/>
/// authenticates: a status the gateway does not know (an item written by hand, or by a newer version) is
/// <see cref="Unrecognized"/>, the default, and is refused like a revoked key.
/// </summary>
public enum ApiKeyStatus
{
    Unrecognized,
    Active,
    Revoked,

    /// <summary>Refused until enabled again (<c>gatewayctl keys enable</c>); revocation is the permanent one.</summary>
    Disabled,
}

/// <summary>How a key's status is stored: the only place that reads or writes the names.</summary>
public static class ApiKeyStatusNames
{
    public const string Active = "active";
    public const string Revoked = "revoked";
    public const string Disabled = "disabled";

    /// <summary>Deny by default: anything but an exact, known name (a missing one, <c>"Active"</c>, <c>"suspended"</c>) is <see cref="ApiKeyStatus.Unrecognized"/>.</summary>
    public static ApiKeyStatus Parse(string? stored) => stored switch
    {
        Active => ApiKeyStatus.Active,
        Revoked => ApiKeyStatus.Revoked,
        Disabled => ApiKeyStatus.Disabled,
        _ => ApiKeyStatus.Unrecognized,
    };

    /// <exception cref="ArgumentOutOfRangeException">The status has no stored name; no key is ever written with it.</exception>
    public static string Format(ApiKeyStatus status) => status switch
    {
        ApiKeyStatus.Active => Active,
        ApiKeyStatus.Revoked => Revoked,
        ApiKeyStatus.Disabled => Disabled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "only active, revoked and disabled keys are written"),
    };
}

/// <summary>
/// What the gateway keeps about one tenant API key. Never the key itself: only its SHA-256 (lower-case hex) and its
/// last four characters, for display.
/// </summary>
public sealed record ApiKeyRecord
{
    public required string Id { get; init; }

    public required string Hash { get; init; }

    public required string Tenant { get; init; }

    public required string Plan { get; init; }

    public ApiKeyStatus Status { get; init; } = ApiKeyStatus.Active;

    public required DateTimeOffset Created { get; init; }

    /// <summary>When the key stops working; null: never (until revoked).</summary>
    public DateTimeOffset? Expires { get; init; }

    public required string LastFour { get; init; }

    /// <summary>The key that replaced this one in a rotation, if any.</summary>
    public string? ReplacedBy { get; init; }

    public bool IsUsableAt(DateTimeOffset now) => Status == ApiKeyStatus.Active && (Expires is not { } expires || now < expires);
}

/// <summary>
/// Where tenant API keys live: DynamoDB in AWS (one <c>GetItem</c> per lookup), or in this process for tests.
/// The authorizer only finds keys; <c>gatewayctl keys</c> issues, lists, revokes and rotates them.
/// </summary>
public interface IApiKeyStore
{
    /// <exception cref="StoreUnavailableException">The store was slow, throttled or unreachable.</exception>
    ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken);

    /// <summary>Stores a new key; false when a key with that id already exists.</summary>
    ValueTask<bool> CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken);

    /// <summary>The tenant's keys, revoked and expired ones included (until the table's TTL removes them).</summary>
    ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenant, CancellationToken cancellationToken);

    /// <summary>Marks the key revoked; false when there is no such key.</summary>
    ValueTask<bool> RevokeAsync(string keyId, DateTimeOffset revokedAt, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the key from <paramref name="from"/> to <paramref name="to"/> (active to disabled, or back), in one
    /// conditional step; false when there is no such key or it is not in <paramref name="from"/>.
    /// </summary>
    ValueTask<bool> ChangeStatusAsync(string keyId, ApiKeyStatus from, ApiKeyStatus to, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="replacement"/> and, in the same step, makes the old key expire at
    /// <paramref name="oldKeyExpires"/> and records what replaced it. False when the old key is not active.
    /// </summary>
    ValueTask<bool> RotateAsync(string oldKeyId, DateTimeOffset oldKeyExpires, ApiKeyRecord replacement, CancellationToken cancellationToken);
}
