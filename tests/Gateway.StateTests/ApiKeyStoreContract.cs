using Gateway.State;
using Gateway.Stores.DynamoDb;

namespace Gateway.StateTests;

/// <summary>The API key store's contract, for the in-memory store and DynamoDB alike: what issue, list, revoke and rotate rely on.</summary>
public abstract class ApiKeyStoreContract
{
    private static readonly DateTimeOffset Created = new(2100, 1, 10, 12, 0, 0, TimeSpan.Zero);

    protected abstract Task<IApiKeyStore> CreateStoreAsync();

    private static ApiKeyRecord Key(string id, string tenant = "acme", int minutesLater = 0, DateTimeOffset? expires = null) => new()
    {
        Id = id,
        Hash = new string(id[0], 64),
        Tenant = tenant,
        Plan = "free",
        Created = Created.AddMinutes(minutesLater),
        Expires = expires,
        LastFour = id[^4..],
    };

    [Fact]
    public async Task A_key_is_found_by_id_as_it_was_stored_and_ids_are_never_reused()
    {
        var store = await CreateStoreAsync();
        var key = Key("a000000000000001", expires: Created.AddDays(90));

        Assert.True(await store.CreateAsync(key, default));
        Assert.False(await store.CreateAsync(key with { Tenant = "other" }, default));
        Assert.Equal(key, await store.FindAsync(key.Id, default));
        Assert.Null(await store.FindAsync("f000000000000000", default));
    }

    [Fact]
    public async Task A_tenant_lists_its_own_keys_oldest_first_revoked_ones_included()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Key("b000000000000002", minutesLater: 5), default);
        await store.CreateAsync(Key("b000000000000001"), default);
        await store.CreateAsync(Key("c000000000000001", tenant: "globex"), default);

        Assert.True(await store.RevokeAsync("b000000000000002", Created.AddHours(1), default));
        Assert.False(await store.RevokeAsync("f000000000000000", Created, default));
        var listed = await store.ListAsync("acme", default);

        Assert.Equal(["b000000000000001", "b000000000000002"], listed.Select(key => key.Id));
        Assert.Equal([ApiKeyStatus.Active, ApiKeyStatus.Revoked], listed.Select(key => key.Status));
        Assert.Equal(ApiKeyStatus.Revoked, (await store.FindAsync("b000000000000002", default))!.Status);
        Assert.Empty(await store.ListAsync("nobody", default));
    }

    [Fact]
    public async Task A_key_is_disabled_and_enabled_again_but_a_revoked_one_stays_revoked()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Key("e000000000000001"), default);
        await store.CreateAsync(Key("e000000000000002"), default);
        await store.RevokeAsync("e000000000000002", Created, default);

        Assert.True(await store.ChangeStatusAsync("e000000000000001", ApiKeyStatus.Active, ApiKeyStatus.Disabled, default));
        var disabled = (await store.FindAsync("e000000000000001", default))!;
        Assert.Equal(ApiKeyStatus.Disabled, disabled.Status);
        Assert.False(disabled.IsUsableAt(Created));
        Assert.False(await store.ChangeStatusAsync("e000000000000001", ApiKeyStatus.Active, ApiKeyStatus.Disabled, default));
        Assert.True(await store.ChangeStatusAsync("e000000000000001", ApiKeyStatus.Disabled, ApiKeyStatus.Active, default));
        Assert.True((await store.FindAsync("e000000000000001", default))!.IsUsableAt(Created));

        Assert.False(await store.ChangeStatusAsync("e000000000000002", ApiKeyStatus.Disabled, ApiKeyStatus.Active, default));
        Assert.False(await store.ChangeStatusAsync("e000000000000002", ApiKeyStatus.Active, ApiKeyStatus.Disabled, default));
        Assert.Equal(ApiKeyStatus.Revoked, (await store.FindAsync("e000000000000002", default))!.Status);
        Assert.False(await store.ChangeStatusAsync("f000000000000000", ApiKeyStatus.Active, ApiKeyStatus.Disabled, default));
    }

    [Fact]
    public async Task A_rotation_stores_the_new_key_and_shortens_the_old_one_only_while_it_is_active()
    {
        var store = await CreateStoreAsync();
        await store.CreateAsync(Key("d000000000000001"), default);
        var graceEnds = Created.AddDays(1);

        Assert.True(await store.RotateAsync("d000000000000001", graceEnds, Key("d000000000000002", minutesLater: 1), default));
        var old = (await store.FindAsync("d000000000000001", default))!;
        Assert.Equal((graceEnds, "d000000000000002"), (old.Expires, old.ReplacedBy));
        Assert.Equal(2, (await store.ListAsync("acme", default)).Count);

        await store.RevokeAsync("d000000000000002", Created, default);
        Assert.False(await store.RotateAsync("d000000000000002", graceEnds, Key("d000000000000003"), default));
        Assert.Null(await store.FindAsync("d000000000000003", default));
    }
}

public sealed class InMemoryApiKeyStoreTests : ApiKeyStoreContract
{
    protected override Task<IApiKeyStore> CreateStoreAsync() => Task.FromResult<IApiKeyStore>(new InMemoryApiKeyStore());
}

[Collection(DynamoDbCollection.Name)]
public sealed class DynamoDbApiKeyStoreTests(DynamoDbFixture fixture) : ApiKeyStoreContract
{
    protected override async Task<IApiKeyStore> CreateStoreAsync() =>
        new DynamoDbApiKeyStore(fixture.Db.Client, await fixture.Db.CreateTableAsync(), new CallTimeout(TimeSpan.FromSeconds(10)));
}
