using Amazon.DynamoDBv2;
using Gateway.DynamoDbLocal;
using Gateway.Stores.DynamoDb;

namespace Gateway.Testing;

/// <summary>
/// DynamoDB Local for tests: started by the project's own launcher (fetched into the cache on first use), with a
/// client and fresh tables on demand. If it cannot start, the exception says why and the test fails.
/// </summary>
public sealed class LocalDynamoDb : IAsyncDisposable
{
    private LocalDynamoDb(DynamoDbLocalServer server, AmazonDynamoDBClient client)
    {
        Server = server;
        Client = client;
    }

    public DynamoDbLocalServer Server { get; }

    public AmazonDynamoDBClient Client { get; }

    /// <summary>The environment a gateway process would be given to use this DynamoDB Local.</summary>
    public string Endpoint => Server.Endpoint.ToString().TrimEnd('/');

    public static async Task<LocalDynamoDb> StartAsync()
    {
        var server = await DynamoDbLocalServer.StartAsync();
        return new LocalDynamoDb(server, CreateClient(server.Endpoint.ToString(), TimeSpan.FromSeconds(10)));
    }

    /// <summary>A client with its own timeout (and optionally a counting HTTP pipeline) against this server.</summary>
    public static AmazonDynamoDBClient CreateClient(string endpoint, TimeSpan timeout, Amazon.Runtime.HttpClientFactory? httpClientFactory = null) =>
        DynamoDbStores.CreateClient(name => name == Configuration.EnvironmentVariables.DynamoDbEndpoint ? endpoint : null, timeout, httpClientFactory);

    /// <summary>A new, empty gateway table, so that tests never see each other's items.</summary>
    public async Task<string> CreateTableAsync()
    {
        var name = "gateway-test-" + Guid.NewGuid().ToString("N")[..12];
        await GatewayTable.CreateAsync(Client, name);
        return name;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
