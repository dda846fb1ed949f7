using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Gateway.State;

namespace Gateway.Stores.DynamoDb;

/// <summary>
/// Circuit-breaker state in DynamoDB, one item per service instance: <c>pk</c> = "breaker#" + service, <c>sk</c> =
/// the instance URL; <c>st</c> state, <c>v</c> version, <c>until</c> (epoch ms), <c>ws</c> failure window,
/// <c>f</c> failures, <c>n</c> calls, <c>pr</c> probes out, <c>ok</c> probe successes, <c>ttl</c>. Reads are
/// strongly consistent <c>GetItem</c>s; writes are conditional <c>UpdateItem</c>s returning the new (or, on a failed
/// condition, the old) item.
/// </summary>
public sealed class DynamoDbBreakerStore(IAmazonDynamoDB client, string tableName, CallTimeout timeout, TimeProvider time) : IBreakerStore
{
    /// <summary>An instance's breaker item outlives its last write by this much: removed instances clean themselves up.</summary>
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    public async ValueTask<BreakerRecord> GetAsync(BreakerKey key, CancellationToken cancellationToken) =>
        await DynamoDbCall.RunAsync("GetItem (breaker)", timeout, cancellationToken, async token =>
        {
            var response = await client.GetItemAsync(new GetItemRequest
            {
                TableName = tableName,
                Key = Key(key),
                ConsistentRead = true,
            }, token).ConfigureAwait(false);
            return Read(response.Item);
        }).ConfigureAwait(false);

    public async ValueTask<BreakerRecord> RecordFailureAsync(BreakerKey key, long window, long calls, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":w"] = GatewayTable.Number(window),
            [":one"] = GatewayTable.Number(1),
            [":calls"] = GatewayTable.Number(calls),
        };
        // Usually the window is current: add to it. Otherwise start it over; if another instance just did, add again.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var added = await UpdateAsync("UpdateItem (breaker failure)", key, "ADD f :one, n :calls", "ws = :w", values, cancellationToken).ConfigureAwait(false);
            if (added.Succeeded)
            {
                return added.Current;
            }
            if (added.Current.Window > window)
            {
                // Another instance's clock is ahead: count in its window.
                values[":w"] = GatewayTable.Number(added.Current.Window);
                continue;
            }
            var started = await UpdateAsync("UpdateItem (breaker window)", key, "SET ws = :w, f = :one, n = :calls",
                "attribute_not_exists(ws) OR ws < :w", values, cancellationToken).ConfigureAwait(false);
            if (started.Succeeded)
            {
                return started.Current;
            }
        }
        throw new StoreUnavailableException("UpdateItem (breaker failure): contention did not settle", null);
    }

    public async ValueTask<BreakerUpdate> TryTransitionAsync(BreakerKey key, long expectedVersion, BreakerState to, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, AttributeValue>
        {
            [":v"] = GatewayTable.Number(expectedVersion),
            [":one"] = GatewayTable.Number(1),
            [":st"] = new AttributeValue { S = StateName(to) },
            [":until"] = GatewayTable.Number(Milliseconds(until)),
            [":pr"] = GatewayTable.Number(to == BreakerState.HalfOpen ? 1 : 0),
            [":zero"] = GatewayTable.Number(0),
        };
        var set = to == BreakerState.Closed
            ? "SET st = :st, #until = :until, pr = :pr, ok = :zero, f = :zero, n = :zero ADD v :one"
            : "SET st = :st, #until = :until, pr = :pr, ok = :zero ADD v :one";
        // Version 0 is a breaker never written, or written only by failure counts.
        var condition = expectedVersion == 0 ? "attribute_not_exists(v) OR v = :v" : "v = :v";
        return await UpdateAsync("UpdateItem (breaker transition)", key, set, condition, values, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<BreakerUpdate> TryAcquireProbeAsync(BreakerKey key, long version, int maxProbes, CancellationToken cancellationToken) =>
        await UpdateAsync("UpdateItem (breaker probe)", key, "ADD pr :one", "st = :half AND v = :v AND pr < :max",
            new Dictionary<string, AttributeValue>
            {
                [":one"] = GatewayTable.Number(1),
                [":half"] = new AttributeValue { S = StateName(BreakerState.HalfOpen) },
                [":v"] = GatewayTable.Number(version),
                [":max"] = GatewayTable.Number(maxProbes),
            }, cancellationToken).ConfigureAwait(false);

    public async ValueTask<BreakerUpdate> RecordProbeSuccessAsync(BreakerKey key, long version, CancellationToken cancellationToken) =>
        await UpdateAsync("UpdateItem (breaker probe success)", key, "ADD ok :one, pr :minusOne", "st = :half AND v = :v",
            new Dictionary<string, AttributeValue>
            {
                [":one"] = GatewayTable.Number(1),
                [":minusOne"] = GatewayTable.Number(-1),
                [":half"] = new AttributeValue { S = StateName(BreakerState.HalfOpen) },
                [":v"] = GatewayTable.Number(version),
            }, cancellationToken).ConfigureAwait(false);

    public async ValueTask<BreakerRecord> RecordHealthAsync(BreakerKey key, bool unhealthy, int streak, CancellationToken cancellationToken) =>
        (await UpdateAsync("UpdateItem (breaker health)", key, "SET uh = :uh, hs = :hs", condition: null,
            new Dictionary<string, AttributeValue> { [":uh"] = new AttributeValue { BOOL = unhealthy }, [":hs"] = GatewayTable.Number(streak) },
            cancellationToken).ConfigureAwait(false)).Current;

    private Task<BreakerUpdate> UpdateAsync(string operation, BreakerKey key, string update, string? condition, Dictionary<string, AttributeValue> values, CancellationToken cancellationToken) =>
        DynamoDbCall.RunAsync(operation, timeout, cancellationToken, async token =>
        {
            var withTtl = new Dictionary<string, AttributeValue>(values) { [":ttl"] = GatewayTable.EpochSeconds(time.GetUtcNow() + Retention) };
            try
            {
                var response = await client.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = tableName,
                    Key = Key(key),
                    UpdateExpression = AddTtl(update),
                    ConditionExpression = condition,
                    ExpressionAttributeNames = Names(update),
                    ExpressionAttributeValues = withTtl,
                    ReturnValues = ReturnValue.ALL_NEW,
                    ReturnValuesOnConditionCheckFailure = ReturnValuesOnConditionCheckFailure.ALL_OLD,
                }, token).ConfigureAwait(false);
                return new BreakerUpdate(true, Read(response.Attributes));
            }
            catch (ConditionalCheckFailedException failed)
            {
                return new BreakerUpdate(false, Read(failed.Item));
            }
        });

    /// <summary>The TTL is set by every write; it joins the expression's SET clause, or starts one.</summary>
    private static string AddTtl(string update)
    {
        var set = update.IndexOf("SET ", StringComparison.Ordinal);
        if (set < 0)
        {
            return update + " SET #ttl = :ttl";
        }
        var end = update.IndexOf(" ADD ", set, StringComparison.Ordinal);
        return end < 0 ? update + ", #ttl = :ttl" : update.Insert(end, ", #ttl = :ttl");
    }

    // "ttl" and "until" are DynamoDB reserved words.
    private static Dictionary<string, string> Names(string update)
    {
        var names = new Dictionary<string, string>(2) { ["#ttl"] = GatewayTable.TimeToLive };
        if (update.Contains("#until", StringComparison.Ordinal))
        {
            names["#until"] = "until";
        }
        return names;
    }

    private static Dictionary<string, AttributeValue> Key(BreakerKey key) => GatewayTable.Key("breaker#" + key.Service, key.Instance);

    private static BreakerRecord Read(Dictionary<string, AttributeValue>? item)
    {
        if (item is null || item.Count == 0)
        {
            return BreakerRecord.Initial;
        }
        var state = item.TryGetValue("st", out var st) ? st.S : null;
        var until = GatewayTable.ReadNumber(item, "until");
        return new BreakerRecord(
            state switch
            {
                "open" => BreakerState.Open,
                "half-open" => BreakerState.HalfOpen,
                _ => BreakerState.Closed,
            },
            GatewayTable.ReadNumber(item, "v") ?? 0,
            until is { } ms && ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue,
            GatewayTable.ReadNumber(item, "ws") ?? 0,
            GatewayTable.ReadNumber(item, "f") ?? 0,
            GatewayTable.ReadNumber(item, "n") ?? 0,
            GatewayTable.ReadNumber(item, "pr") ?? 0,
            GatewayTable.ReadNumber(item, "ok") ?? 0,
            item.TryGetValue("uh", out var unhealthy) && unhealthy.BOOL == true,
            (int)(GatewayTable.ReadNumber(item, "hs") ?? 0));
    }

    private static string StateName(BreakerState state) => state switch
    {
        BreakerState.Open => "open",
        BreakerState.HalfOpen => "half-open",
        _ => "closed",
    };

    private static long Milliseconds(DateTimeOffset time) => time == DateTimeOffset.MinValue ? 0 : time.ToUnixTimeMilliseconds();
}
