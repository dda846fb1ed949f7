using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Gateway.State;

namespace Gateway.Stores.DynamoDb;

/// <summary>
/// Rate-limit and quota counters in DynamoDB. One write is one conditional <c>UpdateItem</c> (1 write unit, new values
/// returned, old values returned when the condition fails); several are one <c>TransactWriteItems</c>, all or nothing
/// (2 write units per item). Item: <c>pk</c> = the counter key, <c>sk</c> = "counter", <c>m</c> window,
/// <c>c</c> count (or TAT), <c>p</c> previous window's count, <c>ttl</c>.
/// </summary>
public sealed class DynamoDbCounterStore(IAmazonDynamoDB client, string tableName, CallTimeout timeout) : ICounterStore
{
    internal const string SortKey = "counter";

    private static readonly Dictionary<string, string> Names = new()
    {
        ["#m"] = "m",
        ["#c"] = "c",
        ["#p"] = "p",
        ["#t"] = GatewayTable.TimeToLive,
    };

    public async ValueTask<CounterWriteResult[]> ApplyAsync(IReadOnlyList<CounterWrite> writes, CancellationToken cancellationToken) =>
        writes.Count == 1
            ? [await UpdateAsync(writes[0], cancellationToken).ConfigureAwait(false)]
            : await TransactAsync(writes, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// The counter as stored, or null when there is none (never taken, or swept by TTL). Only
    /// <c>gatewayctl keys usage</c> reads counters; the gateway itself never reads before writing.
    /// </summary>
    public Task<CounterState?> ReadAsync(string key, CancellationToken cancellationToken) =>
        DynamoDbCall.RunAsync("GetItem (counter)", timeout, cancellationToken, async token =>
        {
            var response = await client.GetItemAsync(new GetItemRequest { TableName = tableName, Key = GatewayTable.Key(key, SortKey), ConsistentRead = true }, token).ConfigureAwait(false);
            return Read(response.Item);
        });

    private Task<CounterWriteResult> UpdateAsync(CounterWrite write, CancellationToken cancellationToken) =>
        DynamoDbCall.RunAsync("UpdateItem (counter)", timeout, cancellationToken, async token =>
        {
            var (update, condition, values) = Expressions(write);
            try
            {
                var response = await client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = GatewayTable.Key(write.Key, SortKey),
                    UpdateExpression = update,
                    ConditionExpression = condition,
                    ExpressionAttributeNames = NamesFor(update, condition),
                    ExpressionAttributeValues = values,
                    ReturnValues = ReturnValue.ALL_NEW,
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                }, token).ConfigureAwait(false);
                return new CounterWriteResult(CounterWriteOutcome.Applied, Read(response.Attributes));
            }
            catch (ConditionalCheckFailedException failed)
            {
                return new CounterWriteResult(CounterWriteOutcome.ConditionFailed, Read(failed.Item));
            }
        });

    private Task<CounterWriteResult[]> TransactAsync(IReadOnlyList<CounterWrite> writes, CancellationToken cancellationToken) =>
        DynamoDbCall.RunAsync("TransactWriteItems (counters)", timeout, cancellationToken, async token =>
        {
            var items = new List<TransactWriteItem>(writes.Count);
            foreach (var write in writes)
            {
                var (update, condition, values) = Expressions(write);
                items.Add(new TransactWriteItem
                {
                    Update = new Update
                    {
                        TableName = tableName,
                        Key = GatewayTable.Key(write.Key, SortKey),
                        UpdateExpression = update,
                        ConditionExpression = condition,
                        ExpressionAttributeNames = NamesFor(update, condition),
                        ExpressionAttributeValues = values,
                        ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                    },
                });
            }
            var results = new CounterWriteResult[writes.Count];
            try
            {
                await client.TransactWriteItemsAsync(new TransactWriteItemsRequest { TransactItems = items }, token).ConfigureAwait(false);
                // A transaction returns no values: the caller derives the new states from what it believed.
                Array.Fill(results, new CounterWriteResult(CounterWriteOutcome.Applied, null));
                return results;
            }
            catch (TransactionCanceledException canceled) when (canceled.CancellationReasons is { } reasons && reasons.Count == writes.Count)
            {
                for (var i = 0; i < results.Length; i++)
                {
                    results[i] = reasons[i].Code switch
                    {
                        "ConditionalCheckFailed" => new CounterWriteResult(CounterWriteOutcome.ConditionFailed, Read(reasons[i].Item)),
                        // "None": not the reason; "TransactionConflict": another transaction held the item. Either way, retry.
                        "None" or "TransactionConflict" => new CounterWriteResult(CounterWriteOutcome.NotEvaluated, null),
                        var code => throw new StoreUnavailableException($"TransactWriteItems (counters): {code}", canceled),
                    };
                }
                return results;
            }
            catch (TransactionCanceledException canceled)
            {
                throw new StoreUnavailableException("TransactWriteItems (counters)", canceled);
            }
        });

    private static (string Update, string Condition, Dictionary<string, AttributeValue> Values) Expressions(CounterWrite write)
    {
        var values = new Dictionary<string, AttributeValue>(6) { [":ttl"] = GatewayTable.EpochSeconds(write.ExpiresAt) };
        switch (write.Kind)
        {
            case CounterWriteKind.AddInWindow:
                values[":w"] = GatewayTable.Number(write.Window);
                values[":a"] = GatewayTable.Number(write.Amount);
                values[":ceil"] = GatewayTable.Number(write.Ceiling);
                var condition = "#m = :w AND #c <= :ceil";
                if (write.Previous is { } previous)
                {
                    values[":p"] = GatewayTable.Number(previous);
                    condition += " AND #p = :p";
                }
                return ("ADD #c :a SET #t = :ttl", condition, values);
            case CounterWriteKind.RollWindow:
                values[":w"] = GatewayTable.Number(write.Window);
                values[":prev"] = GatewayTable.Number(write.Window - 1);
                values[":a"] = GatewayTable.Number(write.Amount);
                values[":ceil"] = GatewayTable.Number(write.Ceiling);
                return ("SET #p = #c, #c = :a, #m = :w, #t = :ttl", "#m = :prev AND #c <= :ceil", values);
            case CounterWriteKind.StartWindow:
                values[":w"] = GatewayTable.Number(write.Window);
                values[":a"] = GatewayTable.Number(write.Amount);
                values[":f"] = GatewayTable.Number(write.Floor);
                values[":zero"] = GatewayTable.Number(0);
                return ("SET #p = :zero, #c = :a, #m = :w, #t = :ttl", "attribute_not_exists(#m) OR #m < :f", values);
            case CounterWriteKind.Advance:
                values[":a"] = GatewayTable.Number(write.Amount);
                values[":f"] = GatewayTable.Number(write.Floor);
                values[":ceil"] = GatewayTable.Number(write.Ceiling);
                return ("ADD #c :a SET #t = :ttl", "#c BETWEEN :f AND :ceil", values);
            default:
                values[":a"] = GatewayTable.Number(write.Amount);
                values[":f"] = GatewayTable.Number(write.Floor);
                values[":zero"] = GatewayTable.Number(0);
                return ("SET #c = :a, #m = :zero, #p = :zero, #t = :ttl", "attribute_not_exists(#c) OR #c < :f", values);
        }
    }

    /// <summary>DynamoDB refuses names an expression does not use, so only the used ones are sent.</summary>
    private static Dictionary<string, string> NamesFor(string update, string condition)
    {
        var used = new Dictionary<string, string>(4);
        foreach (var (alias, name) in Names)
        {
            if (update.Contains(alias, StringComparison.Ordinal) || condition.Contains(alias, StringComparison.Ordinal))
            {
                used[alias] = name;
            }
        }
        return used;
    }

    private static CounterState? Read(Dictionary<string, AttributeValue>? item) =>
        GatewayTable.ReadNumber(item, "c") is { } count
            ? new CounterState(GatewayTable.ReadNumber(item, "m") ?? 0, count, GatewayTable.ReadNumber(item, "p") ?? 0)
            : null;
}
