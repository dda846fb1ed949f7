using Amazon.DynamoDBv2;
using Gateway.State;

namespace Gateway.Stores.DynamoDb;

/// <summary>
/// The gateway's one DynamoDB table, shared by every instance (each Lambda execution environment, each serve). The
/// counters and breakers share one call budget (the store timeout once warm); key look-ups have their own.
/// </summary>
public sealed class DynamoDbStateBackend : IStateBackend
{
    public DynamoDbStateBackend(IAmazonDynamoDB client, string tableName, TimeSpan timeout, TimeProvider time)
    {
        var budget = new CallTimeout(timeout);
        TableName = tableName;
        Counters = new DynamoDbCounterStore(client, tableName, budget);
        Breakers = new DynamoDbBreakerStore(client, tableName, budget, time);
        ApiKeys = new DynamoDbApiKeyStore(client, tableName, new CallTimeout(timeout));
    }

    public string Name => "dynamodb";

    public string TableName { get; }

    public DynamoDbCounterStore Counters { get; }

    public DynamoDbBreakerStore Breakers { get; }

    public DynamoDbApiKeyStore ApiKeys { get; }

    ICounterStore IStateBackend.Counters => Counters;

    IBreakerStore IStateBackend.Breakers => Breakers;

    IApiKeyStore IStateBackend.ApiKeys => ApiKeys;

    /// <summary>For a process whose environment names the table (<c>GATEWAY_TABLE_NAME</c>): the Lambda functions; null without one.</summary>
    public static DynamoDbStateBackend? FromEnvironment(Func<string, string?> environment, TimeSpan timeout, TimeProvider time) =>
        environment(Configuration.EnvironmentVariables.TableName) is { Length: > 0 } table
            ? new DynamoDbStateBackend(DynamoDbStores.CreateClient(environment, timeout), table, timeout, time)
            : null;
}
