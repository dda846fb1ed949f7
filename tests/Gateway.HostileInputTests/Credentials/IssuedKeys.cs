using Gateway.Authorization.ApiKeys;
using Gateway.State;

namespace Gateway.HostileInputTests.Credentials;

/// <summary>
/// The tenant API keys the key store holds for a run: one active, one revoked, one expired. They are drawn from the
/// corpus seed rather than <see cref="ApiKeyFormat.Generate"/>, so that every mutated key (and its case id) is the
/// same for a seed; only their hashes are stored, as <c>gatewayctl keys issue</c> stores them.
/// </summary>
public sealed record IssuedKeys(string Active, string Revoked, string Expired, IReadOnlyList<ApiKeyRecord> Records)
{
    public const string Tenant = "acme";
    public const string Plan = "free";

    public static IssuedKeys Draw(Random random)
    {
        var active = Key(random);
        var revoked = Key(random);
        var expired = Key(random);
        var created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        return new IssuedKeys(active, revoked, expired,
        [
            Record(active, created),
            Record(revoked, created) with { Status = ApiKeyStatus.Revoked },
            Record(expired, created) with { Expires = created.AddDays(1) },
        ]);
    }

    /// <summary>A key in the issued format: gwk_, 16 hex digits of id, _, 64 hex digits of secret.</summary>
    public static string Key(Random random) => $"{ApiKeyFormat.Prefix}{Hex(random, 8)}_{Hex(random, 32)}";

    public static string Hex(Random random, int bytes)
    {
        var buffer = new byte[bytes];
        random.NextBytes(buffer);
        return Convert.ToHexStringLower(buffer);
    }

    private static ApiKeyRecord Record(string key, DateTimeOffset created)
    {
        ApiKeyFormat.TryReadId(key, out var id);
        return new ApiKeyRecord { Id = id!, Hash = ApiKeyFormat.Hash(key), Tenant = Tenant, Plan = Plan, Created = created, LastFour = ApiKeyFormat.LastFour(key) };
    }
}
