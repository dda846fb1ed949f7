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
            // The stores cancel each call at their own (shorter) deadline; this only bounds the cold-start allowance.
            Timeout = timeout > CallTimeout.ColdStart ? timeout : CallTimeout.ColdStart,
        };
        if (httpClientFactory is not null)
        {
            config.HttpClientFactory = httpClientFactory;
        }
        if (environment(EnvironmentVariables.DynamoDbEndpoint) is not { Length: > 0 } endpoint)
        {
            // From the given environment rather than the SDK's own look-up in the process environment: the same in
            // Lambda, and what `gatewayctl invoke` hands the function (SAM's AWS_REGION) when run in-process.
            if (environment("AWS_REGION") is { Length: > 0 } region)
            {
                config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(region);
            }
            return new AmazonDynamoDBClient(config);
        }
        config.ServiceURL = endpoint;
        config.AuthenticationRegion = environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? "us-east-1";
        return environment("AWS_ACCESS_KEY_ID") is { Length: > 0 }
            ? new AmazonDynamoDBClient(config)
            : new AmazonDynamoDBClient(new BasicAWSCredentials("local", "local"), config);
    }

    /// <summary>Both stores on one table, sharing one call budget (<paramref name="timeout"/> once warm).</summary>
    public static (DynamoDbCounterStore Counters, DynamoDbBreakerStore Breakers) Create(IAmazonDynamoDB client, string tableName, TimeSpan timeout, TimeProvider time)
    {
        var backend = new DynamoDbStateBackend(client, tableName, timeout, time);
        return (backend.Counters, backend.Breakers);
    }
}
