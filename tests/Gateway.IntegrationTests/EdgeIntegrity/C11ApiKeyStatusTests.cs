using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.DynamoDBv2.Model;
using Gateway.Authorization;
using Gateway.Authorization.ApiKeys;
using Gateway.Lambda;
using Gateway.State;
using Gateway.Stores.DynamoDb;
using Gateway.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 11 of issue 11: a key item whose status is anything but exactly <c>active</c> (a hand-written
/// <c>disabled</c>, a different spelling, none at all) authenticates nothing, on both hosts that check keys: the
/// Lambda authorizer and <c>gatewayctl serve</c>, each on DynamoDB, where such items come from.
/// </summary>
public sealed class C11ApiKeyStatusTests : IAsyncLifetime
{
    private const string Config = """
        gateway: { name: c11, storeTimeout: 2s }
        services: { api: { url: "{{upstream}}" } }
        routes:
          - { name: partner, path: /partner, methods: [GET], service: api, auth: apiKey }
        usagePlans:
          free: { rate: { requests: 100, per: 1s } }
        auth:
          apiKeys: { cacheTtl: 0s }
        """;

    /// <summary>Statuses that must not authenticate; null stands for an item with no status attribute.</summary>
    public static TheoryData<string?> NotActive => new() { "disabled", "Active", "ACTIVE", " active", "active ", "", "suspended", null };

    private LocalDynamoDb _dynamo = null!;
    private string _table = null!;

    public async Task InitializeAsync()
    {
        _dynamo = await LocalDynamoDb.StartAsync();
        _table = await _dynamo.CreateTableAsync();
    }

    public async Task DisposeAsync() => await _dynamo.DisposeAsync();

    [Theory]
    [MemberData(nameof(NotActive))]
    public async Task The_authorizer_denies_a_key_whose_stored_status_is_not_active(string? status)
    {
        var key = await IssueAsync();
        var function = Authorizer();
        Assert.True(await IsAuthorizedAsync(function, key));

        await SetStatusAsync(key, status);

        Assert.False(await IsAuthorizedAsync(function, key));
        var found = await Store().FindAsync(KeyId(key), default);
        // "disabled" is a status the key commands write; every other spelling is one the gateway does not know.
        Assert.Equal(status == ApiKeyStatusNames.Disabled ? ApiKeyStatus.Disabled : ApiKeyStatus.Unrecognized, found!.Status);
        var verdict = await new ApiKeyVerifier(Store(), TimeSpan.Zero, TimeProvider.System).VerifyAsync(key, default);
        Assert.Equal("the API key is not active", verdict.FailureMessage);
    }

    [Fact]
    public async Task Serve_answers_401_for_a_disabled_key_and_200_once_it_is_active_again()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(configFile, Config.Replace("{{upstream}}", upstream.BaseUrl, StringComparison.Ordinal));
        try
        {
            var key = await IssueAsync();
            await SetStatusAsync(key, "disabled");
            await using var serve = await GatewayCtlProcess.StartServeAsync(configFile, ["--store", "dynamodb", "--table", _table], ("AWS_ENDPOINT_URL_DYNAMODB", _dynamo.Endpoint));

            using var refused = await CallAsync(serve, key);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("not active", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(0, upstream.HitCount);

            await SetStatusAsync(key, "active");
            using var allowed = await CallAsync(serve, key);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    private DynamoDbApiKeyStore Store() => new(_dynamo.Client, _table, new CallTimeout(TimeSpan.FromSeconds(10)));

    private AuthorizerFunction Authorizer()
    {
        var config = TestGateway.LoadConfig(Config.Replace("{{upstream}}", "http://upstream.test", StringComparison.Ordinal));
        var credentials = GatewayAuthentication.Create(config.Auth, null, Store(), new HttpClient(), TimeProvider.System);
        return new AuthorizerFunction(config, credentials, NullLogger.Instance);
    }

    private async Task<string> IssueAsync()
    {
        var (key, id) = ApiKeyFormat.Generate();
        var record = new ApiKeyRecord { Id = id, Hash = ApiKeyFormat.Hash(key), Tenant = "acme", Plan = "free", Created = DateTimeOffset.UtcNow, LastFour = ApiKeyFormat.LastFour(key) };
        Assert.True(await Store().CreateAsync(record, default));
        return key;
    }

    /// <summary>Writes the status attribute as a person or another tool might: any text, or none.</summary>
    private async Task SetStatusAsync(string key, string? status)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [GatewayTable.PartitionKey] = new AttributeValue { S = "apikey#" + KeyId(key) },
            [GatewayTable.SortKey] = new AttributeValue { S = "key" },
        };
        await _dynamo.Client.UpdateItemAsync(status is null
            ? new UpdateItemRequest { TableName = _table, Key = item, UpdateExpression = "REMOVE #status", ExpressionAttributeNames = new() { ["#status"] = "status" } }
            : new UpdateItemRequest
            {
                TableName = _table,
                Key = item,
                UpdateExpression = "SET #status = :status",
                ExpressionAttributeNames = new() { ["#status"] = "status" },
                ExpressionAttributeValues = new() { [":status"] = new AttributeValue { S = status } },
            });
    }

    private static string KeyId(string key) => ApiKeyFormat.TryReadId(key, out var id) ? id : throw new ArgumentException("not a key", nameof(key));

    private static async Task<bool> IsAuthorizedAsync(AuthorizerFunction function, string key)
    {
        var request = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.AwsEventFixtures, "authorizer-v2-request.json")))!.AsObject();
        request["routeKey"] = "GET /partner";
        request["headers"] = new JsonObject { ["x-api-key"] = key };
        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString())));
        using var response = await JsonDocument.ParseAsync(output);
        return response.RootElement.GetProperty("isAuthorized").GetBoolean();
    }

    private static async Task<HttpResponseMessage> CallAsync(GatewayCtlProcess serve, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/partner");
        request.Headers.Add("x-api-key", key);
        return await serve.Client.SendAsync(request);
    }
}
