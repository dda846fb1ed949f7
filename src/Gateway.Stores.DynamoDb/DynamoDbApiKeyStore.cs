using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Gateway.State;

namespace Gateway.Stores.DynamoDb;

/// <summary>
/// Tenant API keys in the gateway's table, two items per key. The key item, <c>pk</c> = "apikey#" + id,
/// <c>sk</c> = "key": <c>hash</c> (SHA-256 of the key, hex), <c>tenant</c>, <c>plan</c>, <c>status</c>
/// (active | revoked; any other value, or none, is refused), <c>created</c>, <c>expires</c>, <c>revoked</c> (epoch seconds), <c>last4</c>,
/// <c>replacedBy</c>, <c>ttl</c>. The tenant's index entry, <c>pk</c> = "tenant#" + tenant, <c>sk</c> =
/// "apikey#" + id, so that listing a tenant's keys is a <c>Query</c> rather than a scan. The authorizer only ever
/// calls <c>GetItem</c> on the key item; the other operations are <c>gatewayctl keys</c>'.
/// </summary>
public sealed class DynamoDbApiKeyStore(IAmazonDynamoDB client, string tableName, CallTimeout timeout) : IApiKeyStore
{
    private const string KeySortKey = "key";

    /// <summary>A key that stopped working stays listed (and then goes, through TTL) this long.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private Task<ApiKeyRecord?> FindAsyncCore(string keyId, CancellationToken cancellationToken) =>
        DynamoDbCall.RunAsync("GetItem (api key)", timeout, cancellationToken, async token =>
        {
            var response = await client.GetItemAsync(new GetItemRequest { TableName = tableName, Key = KeyItem(keyId) }, token).ConfigureAwait(false);
            return Read(response.Item);
        });

    public async ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) =>
        await FindAsyncCore(keyId, cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken) =>
        await TransactAsync("TransactWriteItems (api key issue)", [.. NewKey(key)], cancellationToken).ConfigureAwait(false);

    public async ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenant, CancellationToken cancellationToken) =>
        await DynamoDbCall.RunAsync("Query + BatchGetItem (api keys)", timeout, cancellationToken, async token =>
        {
            var ids = new List<string>();
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await client.QueryAsync(new QueryRequest
                {
                    TableName = tableName,
                    KeyConditionExpression = "pk = :pk AND begins_with(sk, :prefix)",
                    ExpressionAttributeValues = new()
                    {
                        [":pk"] = new AttributeValue { S = TenantPartition(tenant) },
                        [":prefix"] = new AttributeValue { S = "apikey#" },
                    },
                    ExclusiveStartKey = start,
                }, token).ConfigureAwait(false);
                ids.AddRange(page.Items.Select(item => item[GatewayTable.SortKey].S["apikey#".Length..]));
                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);

            var keys = new List<ApiKeyRecord>(ids.Count);
            foreach (var chunk in ids.Chunk(100))
            {
                var pending = new Dictionary<string, KeysAndAttributes> { [tableName] = new() { Keys = chunk.Select(KeyItem).ToList() } };
                while (pending.Count > 0)
                {
                    var batch = await client.BatchGetItemAsync(new BatchGetItemRequest { RequestItems = pending }, token).ConfigureAwait(false);
                    keys.AddRange(batch.Responses.GetValueOrDefault(tableName, []).Select(Read).OfType<ApiKeyRecord>());
                    pending = batch.UnprocessedKeys is { Count: > 0 } unprocessed ? unprocessed : [];
                }
            }
            return (IReadOnlyList<ApiKeyRecord>)keys.OrderBy(key => key.Created).ThenBy(key => key.Id, StringComparer.Ordinal).ToArray();
        }).ConfigureAwait(false);

    public async ValueTask<bool> RevokeAsync(string keyId, DateTimeOffset revokedAt, CancellationToken cancellationToken)
    {
        if (await FindAsyncCore(keyId, cancellationToken).ConfigureAwait(false) is not { } key)
        {
            return false;
        }
        var ttl = GatewayTable.EpochSeconds(revokedAt + Retention);
        return await TransactAsync("TransactWriteItems (api key revoke)",
        [
            new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = tableName,
                    Key = KeyItem(keyId),
                    UpdateExpression = "SET #status = :revoked, revoked = :at, #ttl = :ttl",
                    ConditionExpression = "attribute_exists(pk)",
                    ExpressionAttributeNames = new() { ["#status"] = "status", ["#ttl"] = GatewayTable.TimeToLive },
                    ExpressionAttributeValues = new()
                    {
                        [":revoked"] = new AttributeValue { S = ApiKeyStatusNames.Revoked },
                        [":at"] = GatewayTable.EpochSeconds(revokedAt),
                        [":ttl"] = ttl,
                    },
                },
            },
            IndexTtl(key, ttl),
        ], cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> ChangeStatusAsync(string keyId, ApiKeyStatus from, ApiKeyStatus to, CancellationToken cancellationToken) =>
        await TransactAsync("TransactWriteItems (api key status)",
        [
            new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = tableName,
                    Key = KeyItem(keyId),
                    UpdateExpression = "SET #status = :to",
                    ConditionExpression = "#status = :from",
                    ExpressionAttributeNames = new() { ["#status"] = "status" },
                    ExpressionAttributeValues = new() { [":from"] = StatusValue(from), [":to"] = StatusValue(to) },
                },
            },
        ], cancellationToken).ConfigureAwait(false);

    private static AttributeValue StatusValue(ApiKeyStatus status) => new() { S = ApiKeyStatusNames.Format(status) };

    public async ValueTask<bool> RotateAsync(string oldKeyId, DateTimeOffset oldKeyExpires, ApiKeyRecord replacement, CancellationToken cancellationToken)
    {
        if (await FindAsyncCore(oldKeyId, cancellationToken).ConfigureAwait(false) is not { } old)
        {
            return false;
        }
        var ttl = GatewayTable.EpochSeconds(oldKeyExpires + Retention);
        return await TransactAsync("TransactWriteItems (api key rotate)",
        [
            .. NewKey(replacement),
            new TransactWriteItem
            {
                Update = new Update
                {
                    TableName = tableName,
                    Key = KeyItem(oldKeyId),
                    UpdateExpression = "SET expires = :expires, replacedBy = :by, #ttl = :ttl",
                    ConditionExpression = "#status = :active",
                    ExpressionAttributeNames = new() { ["#status"] = "status", ["#ttl"] = GatewayTable.TimeToLive },
                    ExpressionAttributeValues = new()
                    {
                        [":expires"] = GatewayTable.EpochSeconds(oldKeyExpires),
                        [":by"] = new AttributeValue { S = replacement.Id },
                        [":active"] = new AttributeValue { S = ApiKeyStatusNames.Active },
                        [":ttl"] = ttl,
                    },
                },
            },
            IndexTtl(old, ttl),
        ], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The key item and its tenant index entry; the id must be new.</summary>
    private IEnumerable<TransactWriteItem> NewKey(ApiKeyRecord key)
    {
        var item = new Dictionary<string, AttributeValue>(KeyItem(key.Id))
        {
            ["hash"] = new AttributeValue { S = key.Hash },
            ["tenant"] = new AttributeValue { S = key.Tenant },
            ["plan"] = new AttributeValue { S = key.Plan },
            ["status"] = new AttributeValue { S = ApiKeyStatusNames.Format(key.Status) },
            ["created"] = GatewayTable.EpochSeconds(key.Created),
            ["last4"] = new AttributeValue { S = key.LastFour },
        };
        var index = GatewayTable.Key(TenantPartition(key.Tenant), "apikey#" + key.Id);
        if (key.Expires is { } expires)
        {
            item["expires"] = GatewayTable.EpochSeconds(expires);
            item[GatewayTable.TimeToLive] = index[GatewayTable.TimeToLive] = GatewayTable.EpochSeconds(expires + Retention);
        }
        yield return new TransactWriteItem { Put = new Put { TableName = tableName, Item = item, ConditionExpression = "attribute_not_exists(pk)" } };
        yield return new TransactWriteItem { Put = new Put { TableName = tableName, Item = index } };
    }

    private TransactWriteItem IndexTtl(ApiKeyRecord key, AttributeValue ttl) => new()
    {
        Update = new Update
        {
            TableName = tableName,
            Key = GatewayTable.Key(TenantPartition(key.Tenant), "apikey#" + key.Id),
            UpdateExpression = "SET #ttl = :ttl",
            ExpressionAttributeNames = new() { ["#ttl"] = GatewayTable.TimeToLive },
            ExpressionAttributeValues = new() { [":ttl"] = ttl },
        },
    };

    /// <summary>False when a condition failed (the key exists, or is not there or not active), true when all was written.</summary>
    private Task<bool> TransactAsync(string operation, List<TransactWriteItem> items, CancellationToken cancellationToken) =>
        DynamoDbCall.RunAsync(operation, timeout, cancellationToken, async token =>
        {
            try
            {
                await client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = items }, token).ConfigureAwait(false);
                return true;
            }
            catch (TransactionCanceledException canceled) when (canceled.CancellationReasons?.Any(reason => reason.Code == "ConditionalCheckFailed") == true)
            {
                return false;
            }
            catch (TransactionCanceledException canceled)
            {
                // Another transaction held an item, or DynamoDB refused the whole: nothing was written.
                throw new StoreUnavailableException(operation, canceled);
            }
        });

    private static Dictionary<string, AttributeValue> KeyItem(string keyId) => GatewayTable.Key("apikey#" + keyId, KeySortKey);

    private static string TenantPartition(string tenant) => "tenant#" + tenant;

    /// <summary>
    /// The key as stored; null when the item is not a whole key item (no hash, tenant or plan), which authenticates
    /// nothing. A status the gateway does not know reads as <see cref="ApiKeyStatus.Unrecognized"/>, never as active.
    /// </summary>
    private static ApiKeyRecord? Read(Dictionary<string, AttributeValue>? item)
    {
        if (item is null || Text(item, "hash") is not { } hash || Text(item, "tenant") is not { } tenant || Text(item, "plan") is not { } plan)
        {
            return null;
        }
        return new ApiKeyRecord
        {
            Id = item[GatewayTable.PartitionKey].S["apikey#".Length..],
            Hash = hash,
            Tenant = tenant,
            Plan = plan,
            Status = ApiKeyStatusNames.Parse(Text(item, "status")),
            Created = DateTimeOffset.FromUnixTimeSeconds(GatewayTable.ReadNumber(item, "created") ?? 0),
            Expires = GatewayTable.ReadNumber(item, "expires") is { } expires ? DateTimeOffset.FromUnixTimeSeconds(expires) : null,
            LastFour = Text(item, "last4") ?? string.Empty,
            ReplacedBy = Text(item, "replacedBy"),
        };
    }

    private static string? Text(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var value) ? value.S : null;
}
