using Gateway.Authorization.ApiKeys;
using Gateway.State;
using Gateway.Testing;

namespace Gateway.UnitTests.Authorization;

public sealed class ApiKeyTests
{
    private static readonly DateTimeOffset Start = new(2027, 1, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Keys_have_a_recognisable_prefix_256_random_bits_and_an_id_and_only_their_hash_identifies_them()
    {
        var (key, id) = ApiKeyFormat.Generate();
        var (other, _) = ApiKeyFormat.Generate();

        Assert.StartsWith("gwk_" + id + "_", key, StringComparison.Ordinal);
        Assert.Equal(64, key.Length - ("gwk_" + id + "_").Length);
        Assert.True(ApiKeyFormat.TryReadId(key, out var read) && read == id);
        Assert.NotEqual(key, other);
        Assert.Equal(64, ApiKeyFormat.Hash(key).Length);
        Assert.True(ApiKeyFormat.Matches(key, ApiKeyFormat.Hash(key)));
        Assert.False(ApiKeyFormat.Matches(other, ApiKeyFormat.Hash(key)));
        Assert.False(ApiKeyFormat.TryReadId(key.ToUpperInvariant(), out _));
        Assert.False(ApiKeyFormat.TryReadId(key[..^1], out _));
    }

    [Fact]
    public async Task Revoked_expired_unknown_and_forged_keys_are_refused()
    {
        var store = new InMemoryApiKeyStore();
        var time = new ManualTimeProvider(Start);
        var verifier = new ApiKeyVerifier(store, TimeSpan.Zero, time);
        var active = await IssueAsync(store, expires: Start.AddDays(1));
        var revoked = await IssueAsync(store);
        await store.RevokeAsync(ApiKeyId(revoked), Start, default);
        var (unknown, _) = ApiKeyFormat.Generate();
        var forged = active[..^4] + "0000";

        var identity = (await verifier.VerifyAsync(active, default)).Identity;
        Assert.Equal(("acme", "free", ApiKeyId(active)), (identity!.Tenant, identity.Plan, identity.KeyId));
        Assert.Contains("revoked", (await verifier.VerifyAsync(revoked, default)).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("not valid", (await verifier.VerifyAsync(unknown, default)).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("not valid", (await verifier.VerifyAsync(forged, default)).FailureMessage, StringComparison.Ordinal);
        Assert.Contains("malformed", (await verifier.VerifyAsync("sk_live_nothing", default)).FailureMessage, StringComparison.Ordinal);
        time.Advance(TimeSpan.FromDays(1));
        Assert.Contains("expired", (await verifier.VerifyAsync(active, default)).FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revocation_is_seen_once_the_cache_ttl_has_passed()
    {
        var store = new InMemoryApiKeyStore();
        var time = new ManualTimeProvider(Start);
        var verifier = new ApiKeyVerifier(store, TimeSpan.FromSeconds(30), time);
        var key = await IssueAsync(store);
        Assert.NotNull((await verifier.VerifyAsync(key, default)).Identity);

        await store.RevokeAsync(ApiKeyId(key), Start, default);
        time.Advance(TimeSpan.FromSeconds(29));
        var cached = await verifier.VerifyAsync(key, default);
        time.Advance(TimeSpan.FromSeconds(1));
        var fresh = await verifier.VerifyAsync(key, default);

        Assert.NotNull(cached.Identity);
        Assert.Null(fresh.Identity);
    }

    [Fact]
    public async Task A_rotated_key_keeps_working_until_its_grace_ends()
    {
        var store = new InMemoryApiKeyStore();
        var time = new ManualTimeProvider(Start);
        var verifier = new ApiKeyVerifier(store, TimeSpan.Zero, time);
        var old = await IssueAsync(store);
        var (replacement, id) = ApiKeyFormat.Generate();

        Assert.True(await store.RotateAsync(ApiKeyId(old), Start.AddHours(1), Record(replacement, id, null), default));
        Assert.NotNull((await verifier.VerifyAsync(old, default)).Identity);
        Assert.NotNull((await verifier.VerifyAsync(replacement, default)).Identity);
        time.Advance(TimeSpan.FromHours(1));
        Assert.Null((await verifier.VerifyAsync(old, default)).Identity);
        Assert.NotNull((await verifier.VerifyAsync(replacement, default)).Identity);
        Assert.False(await store.RotateAsync("0000000000000000", Start, Record(ApiKeyFormat.Generate().Key, "1111111111111111", null), default));
    }

    private static async Task<string> IssueAsync(InMemoryApiKeyStore store, DateTimeOffset? expires = null)
    {
        var (key, id) = ApiKeyFormat.Generate();
        await store.CreateAsync(Record(key, id, expires), default);
        return key;
    }

    private static ApiKeyRecord Record(string key, string id, DateTimeOffset? expires) => new()
    {
        Id = id,
        Hash = ApiKeyFormat.Hash(key),
        Tenant = "acme",
        Plan = "free",
        Created = Start,
        Expires = expires,
        LastFour = ApiKeyFormat.LastFour(key),
    };

    private static string ApiKeyId(string key) => ApiKeyFormat.TryReadId(key, out var id) ? id : throw new ArgumentException("not a key", nameof(key));
}
