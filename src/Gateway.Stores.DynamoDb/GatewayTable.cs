using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Gateway.Stores.DynamoDb;

/// <summary>
/// The gateway's one table: partition key <c>pk</c> (S), sort key <c>sk</c> (S), TTL attribute <c>ttl</c> (epoch
/// seconds), on-demand billing. Item shapes are listed in the README ("State in DynamoDB").
/// </summary>
public static class GatewayTable
{
    public const string PartitionKey = "pk";
    public const string SortKey = "sk";
    public const string TimeToLive = "ttl";

    /// <summary>Creates the table and turns on TTL; returns false when it already existed.</summary>
    public static async Task<bool> CreateAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.CreateTableAsync(new CreateTableRequest
            {
                TableName = tableName,
                BillingMode = BillingMode.PAY_PER_REQUEST,
                AttributeDefinitions =
                [
                    new AttributeDefinition(PartitionKey, ScalarAttributeType.S),
                    new AttributeDefinition(SortKey, ScalarAttributeType.S),
                ],
                KeySchema =
                [
                    new KeySchemaElement(PartitionKey, KeyType.HASH),
                    new KeySchemaElement(SortKey, KeyType.RANGE),
                ],
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ResourceInUseException)
        {
            return false;
        }
        await WaitUntilActiveAsync(client, tableName, cancellationToken).ConfigureAwait(false);
        await client.UpdateTimeToLiveAsync(new UpdateTimeToLiveRequest
        {
            TableName = tableName,
            TimeToLiveSpecification = new TimeToLiveSpecification { AttributeName = TimeToLive, Enabled = true },
        }, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private static async Task WaitUntilActiveAsync(IAmazonDynamoDB client, string tableName, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 120; attempt++)
        {
            var description = await client.DescribeTableAsync(tableName, cancellationToken).ConfigureAwait(false);
            if (description.Table.TableStatus == TableStatus.ACTIVE)
            {
                return;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"table {tableName} did not become active within a minute");
    }

    internal static Dictionary<string, AttributeValue> Key(string partition, string sort) => new(2)
    {
        [PartitionKey] = new AttributeValue { S = partition },
        [SortKey] = new AttributeValue { S = sort },
    };

    internal static AttributeValue Number(long value) => new() { N = value.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    internal static AttributeValue EpochSeconds(DateTimeOffset time) => Number(time.ToUnixTimeSeconds());

    internal static long? ReadNumber(Dictionary<string, AttributeValue>? item, string name) =>
        item is not null && item.TryGetValue(name, out var value) && value.N is { } text
            ? long.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
