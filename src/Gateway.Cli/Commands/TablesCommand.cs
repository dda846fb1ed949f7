using System.CommandLine;
using Gateway.Configuration;
using Gateway.Stores.DynamoDb;

namespace Gateway.Cli.Commands;

/// <summary><c>gatewayctl tables create [--endpoint URL] [--table NAME]</c>: the gateway's table, for local use.</summary>
internal static class TablesCommand
{
    public const string DefaultTableName = "gateway-local";

    public static Command Create()
    {
        var endpoint = new Option<string?>("--endpoint") { Description = $"The DynamoDB endpoint, e.g. DynamoDB Local (default: {EnvironmentVariables.DynamoDbEndpoint}, else AWS)" };
        var table = new Option<string?>("--table") { Description = $"The table name (default: {EnvironmentVariables.TableName}, else {DefaultTableName})" };
        var create = new Command("create", "Create the gateway's table (pk, sk, TTL on ttl, on-demand); does nothing if it exists") { endpoint, table };
        create.SetAction((parse, cancellation) => CreateAsync(parse.GetValue(endpoint), parse.GetValue(table), cancellation));
        return new Command("tables", "Manage the gateway's DynamoDB table") { create };
    }

    /// <summary>The table to use: the one named on the command line, else <c>GATEWAY_TABLE_NAME</c>, else the local default.</summary>
    public static string ResolveTableName(string? table) =>
        table ?? (Environment.GetEnvironmentVariable(EnvironmentVariables.TableName) is { Length: > 0 } configured ? configured : DefaultTableName);

    private static async Task<int> CreateAsync(string? endpoint, string? table, CancellationToken cancellation)
    {
        if (endpoint is not null && !Uri.TryCreate(endpoint, UriKind.Absolute, out _))
        {
            Console.Error.WriteLine($"gatewayctl tables create: --endpoint \"{endpoint}\" is not an absolute URL");
            return 1;
        }
        var name = ResolveTableName(table);
        Func<string, string?> environment = endpoint is null
            ? Environment.GetEnvironmentVariable
            : variable => variable == EnvironmentVariables.DynamoDbEndpoint ? endpoint : Environment.GetEnvironmentVariable(variable);
        var where = environment(EnvironmentVariables.DynamoDbEndpoint) ?? "AWS";
        using var client = DynamoDbStores.CreateClient(environment, TimeSpan.FromSeconds(30));
        try
        {
            var created = await GatewayTable.CreateAsync(client, name, cancellation).ConfigureAwait(false);
            Console.WriteLine(created ? $"created table {name} at {where}" : $"table {name} already exists at {where}");
            return 0;
        }
        catch (Exception exception) when (exception is Amazon.Runtime.AmazonServiceException or Amazon.Runtime.AmazonClientException or HttpRequestException or TimeoutException)
        {
            Console.Error.WriteLine($"gatewayctl tables create: {exception.Message}");
            return 1;
        }
    }
}
