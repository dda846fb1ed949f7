using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Gateway.Configuration;

namespace Gateway.Stores.DynamoDb;

/// <summary>Builds the DynamoDB client and stores from the process environment (Lambda, gatewayctl serve, tests).</summary>
public static class DynamoDbStores
{
    /// <summary>
    /// A client for <c>AWS_ENDPOINT_URL_DYNAMODB</c> when set (DynamoDB Local; any credentials do, so placeholder
    /// ones are used when none are configured), else for the Lambda's own region and role. The SDK does not retry:
    /// the store's timeout is the whole budget, and the fail modes handle the rest.
    /// </summary>
    public static AmazonDynamoDBClient CreateClient(Func<string, string?> environment, TimeSpan timeout, HttpClientFactory? httpClientFactory = null)
    {
        var config = new AmazonDynamoDBConfig
        {
            MaxErrorRetry = 0,
            Timeout = timeout,
        };
        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }
        if (environment(EnvironmentVariables.DynamoDbEndpoint) is not { Length: > 0 } endpoint)
        {
            return new AmazonDynamoDBClient(config);
        }
        config.ServiceURL = endpoint;
        config.AuthenticationRegion = environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? "us-east-1";
        return environment("AWS_ACCESS_KEY_ID") is { Length: > 0 }
            ? new AmazonDynamoDBClient(config)
            : new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }

    public static (DynamoDbCounterStore Counters, DynamoDbBreakerStore Breakers) Create(IAmazonDynamoDB client, string tableName, TimeSpan timeout, TimeProvider time) =>
        (new DynamoDbCounterStore(client, tableName, timeout), new DynamoDbBreakerStore(client, tableName, timeout, time));
}
