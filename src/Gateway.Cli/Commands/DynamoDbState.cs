using Amazon.DynamoDBv2;
using Gateway.Configuration;
using Gateway.DynamoDbLocal;
using Gateway.Stores.DynamoDb;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>serve --store dynamodb</c>'s state: the DynamoDB that <c>AWS_ENDPOINT_URL_DYNAMODB</c> names (or AWS itself
/// when only <c>GATEWAY_TABLE_NAME</c> is set), or else a DynamoDB Local started for this session with its table created.
/// </summary>
internal sealed class DynamoDbState : IAsyncDisposable
{
    private readonly AmazonDynamoDBClient _client;
    private readonly DynamoDbLocalServer? _local;

    private DynamoDbState(AmazonDynamoDBClient client, DynamoDbLocalServer? local, string tableName, string endpoint, GatewayConfig config)
    {
        _client = client;
        _local = local;
        TableName = tableName;
        Endpoint = endpoint;
        Backend = new DynamoDbStateBackend(client, tableName, config.Settings.StoreTimeout, TimeProvider.System);
    }

    public string TableName { get; }

    public string Endpoint { get; }

    public DynamoDbStateBackend Backend { get; }

    public static async Task<DynamoDbState> OpenAsync(GatewayConfig config, string tableName, CancellationToken cancellation)
    {
        var configured = Environment.GetEnvironmentVariable(EnvironmentVariables.DynamoDbEndpoint);
        var local = configured is { Length: > 0 } || Environment.GetEnvironmentVariable(EnvironmentVariables.TableName) is { Length: > 0 }
            ? null
            : await DynamoDbLocalServer.StartAsync(cancellation).ConfigureAwait(false);
        var endpoint = local?.Endpoint.ToString().TrimEnd('/') ?? configured ?? "AWS";
        var client = DynamoDbStores.CreateClient(
            name => name == EnvironmentVariables.DynamoDbEndpoint ? local?.Endpoint.ToString() ?? configured : Environment.GetEnvironmentVariable(name),
            config.Settings.StoreTimeout);
        var state = new DynamoDbState(client, local, tableName, endpoint, config);
        try
        {
            if (local is not null)
            {
                await GatewayTable.CreateAsync(client, tableName, cancellation).ConfigureAwait(false);
            }
            return state;
        }
        catch
        {
            await state.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_local is not null)
        {
            await _local.DisposeAsync().ConfigureAwait(false);
        }
    }
}
