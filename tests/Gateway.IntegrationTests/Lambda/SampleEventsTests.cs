using System.Text.Json;
using System.Text.RegularExpressions;
using Amazon.DynamoDBv2.Model;
using Gateway.Cli.Sam;
using Gateway.LocalHost.Demo;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Lambda;

/// <summary>
/// Every file in events/ goes through the code path of <c>gatewayctl invoke</c> (template.yaml → handler →
/// in-process call) with events/local/env.json, and must give the outcome events/README.md promises for it: the
/// proxy's status against the demo upstream, the authorizer's allow or deny against a DynamoDB Local holding
/// events/local/sample-keys.json.
/// </summary>
public sealed partial class SampleEventsTests(SampleEventsTests.SampleKeysTable keys) : IClassFixture<SampleEventsTests.SampleKeysTable>
{
    private static readonly string LocalFolder = Path.Combine(RepositoryPaths.Events, "local");

    public static TheoryData<string, string, string> Events()
    {
        var data = new TheoryData<string, string, string>();
        foreach (Match row in ReadmeRow().Matches(File.ReadAllText(Path.Combine(RepositoryPaths.Events, "README.md"))))
        {
            data.Add(row.Groups["file"].Value, row.Groups["function"].Value, row.Groups["expected"].Value);
        }
        return data;
    }

    [Fact]
    public void Every_event_file_has_an_expected_outcome()
    {
        var documented = Events().Select(row => (string)row[0]).ToHashSet();
        var files = Directory.GetFiles(RepositoryPaths.Events, "*.json").Select(path => Path.GetFileName(path));

        Assert.All(files, file => Assert.Contains(file, documented));
        Assert.Contains(documented, file => file.StartsWith("authorizer-", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Events))]
    public async Task Invoking_the_event_gives_its_documented_outcome(string file, string function, string expected)
    {
        await using var demo = await DemoUpstream.StartAsync();
        var envVars = JsonSerializer.Deserialize<Dictionary<string, Dictionary<string, string>>>(File.ReadAllText(Path.Combine(LocalFolder, "env.json")))!;
        envVars["ProxyFunction"]["DEMO_UPSTREAM_URL"] = demo.Address.ToString().TrimEnd('/');
        envVars["Parameters"]["AWS_ENDPOINT_URL_DYNAMODB"] = keys.Dynamo.Endpoint;
        await using var eventStream = File.OpenRead(Path.Combine(RepositoryPaths.Events, file));

        // SAM's rules: only what template.yaml declares reaches the function, and no caller's shell.
        var output = await LocalInvoker.InvokeAsync(RepositoryPaths.Template, function, eventStream, JsonSerializer.Serialize(envVars), new Dictionary<string, string>(), new LogCapture().Output);

        using var response = JsonDocument.Parse(output);
        if (function == "AuthorizerFunction")
        {
            Assert.Equal(expected == "allow", response.RootElement.GetProperty("isAuthorized").GetBoolean());
            if (expected == "allow")
            {
                Assert.Equal("acme", response.RootElement.GetProperty("context").GetProperty("tenant").GetString());
            }
            return;
        }
        Assert.Equal(int.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), response.RootElement.GetProperty("statusCode").GetInt32());
        Assert.True(response.RootElement.GetProperty("headers").TryGetProperty("X-Request-ID", out _));
    }

    [GeneratedRegex(@"^\| (?<file>[\w.-]+\.json) \| (?<function>\w+) \| .* \| (?<expected>\d{3}|allow|deny) \|$", RegexOptions.Multiline)]
    private static partial Regex ReadmeRow();

    /// <summary>DynamoDB Local with the table env.json names, loaded from sample-keys.json as <c>aws dynamodb batch-write-item</c> would.</summary>
    public sealed class SampleKeysTable : IAsyncLifetime
    {
        public LocalDynamoDb Dynamo { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Dynamo = await LocalDynamoDb.StartAsync();
            using var batch = JsonDocument.Parse(File.ReadAllText(Path.Combine(LocalFolder, "sample-keys.json")));
            foreach (var table in batch.RootElement.EnumerateObject())
            {
                await Stores.DynamoDb.GatewayTable.CreateAsync(Dynamo.Client, table.Name);
                foreach (var put in table.Value.EnumerateArray())
                {
                    var item = put.GetProperty("PutRequest").GetProperty("Item").EnumerateObject().ToDictionary(
                        attribute => attribute.Name,
                        attribute => attribute.Value.TryGetProperty("N", out var number) ? new AttributeValue { N = number.GetString() } : new AttributeValue { S = attribute.Value.GetProperty("S").GetString() });
                    await Dynamo.Client.PutItemAsync(new PutItemRequest { TableName = table.Name, Item = item });
                }
            }
        }

        public async Task DisposeAsync() => await Dynamo.DisposeAsync();
    }
}
