using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Authorization;
using Gateway.Authorization.ApiKeys;
using Gateway.Authorization.Jwt;
using Gateway.Configuration;
using Gateway.Lambda;
using Gateway.Lambda.ApiGatewayEvents;
using Gateway.State;
using Gateway.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Gateway.UnitTests.Authorization;

/// <summary>
/// The authorizer against AWS's published authorizer payloads and responses, and its decisions: the credential the
/// route takes, nothing else, and no route-specific checks (a cached answer serves every route).
/// </summary>
public sealed class AuthorizerFunctionTests(JoseTokenFixture jose) : IClassFixture<JoseTokenFixture>
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - { name: reports, path: "/reports/{id}", methods: [GET], service: api, auth: { type: jwt, scopes: [reports:read] } }
          - { name: partner, path: /partner, methods: [POST], service: api, auth: apiKey }
          - { name: either, path: "/either/{proxy+}", service: api, auth: any }
          - { name: open, path: /open, service: api }
        usagePlans:
          free: { rate: { requests: 5, per: 1s } }
        auth:
          jwt: { issuer: "https://issuer.test", audience: gateway-api }
        """;

    private readonly InMemoryApiKeyStore _keys = new();

    private AuthorizerFunction Function()
    {
        var config = TestGateway.LoadConfig(Config);
        var credentials = GatewayAuthentication.Create(config.Auth, new FixedJwtSecret(JoseTokenFixture.Secret), _keys, new HttpClient(), TimeProvider.System);
        return new AuthorizerFunction(config, credentials, NullLogger.Instance);
    }

    private async Task<string> IssueKeyAsync(string plan = "free")
    {
        var (key, id) = ApiKeyFormat.Generate();
        await _keys.CreateAsync(new ApiKeyRecord { Id = id, Hash = ApiKeyFormat.Hash(key), Tenant = "acme", Plan = plan, Created = DateTimeOffset.UtcNow, LastFour = ApiKeyFormat.LastFour(key) }, default);
        return key;
    }

    private static string HttpApiEvent(string routeKey, params (string Name, string Value)[] headers)
    {
        var fixture = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.AwsEventFixtures, "authorizer-v2-request.json")))!.AsObject();
        fixture["routeKey"] = routeKey;
        var map = new JsonObject();
        foreach (var (name, value) in headers)
        {
            map[name] = value;
        }
        fixture["headers"] = map;
        return fixture.ToJsonString();
    }

    private static string RestEvent(string method, string resource, params (string Name, string Value)[] headers) =>
        JsonSerializer.Serialize(new
        {
            type = "REQUEST",
            methodArn = $"arn:aws:execute-api:eu-west-1:123456789012:abc123/dev/{method}{resource}",
            resource,
            path = resource,
            httpMethod = method,
            headers = headers.ToDictionary(h => h.Name, h => h.Value),
            requestContext = new { requestId = "r-1", stage = "dev" },
        });

    private static async Task<JsonObject> InvokeAsync(AuthorizerFunction function, string json)
    {
        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        return JsonNode.Parse(output)!.AsObject();
    }

    [Fact]
    public void The_contracts_read_and_write_AWS_published_payloads()
    {
        var fixtures = RepositoryPaths.AwsEventFixtures;
        var request = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(fixtures, "authorizer-v2-request.json")), ApiGatewayJsonContext.Default.APIGatewayCustomAuthorizerV2Request)!;
        var simple = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(fixtures, "authorizer-v2-simple-response.json")), ApiGatewayJsonContext.Default.APIGatewayCustomAuthorizerV2SimpleResponse)!;
        var iam = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(fixtures, "authorizer-v2-iam-response.json")), ApiGatewayJsonContext.Default.APIGatewayCustomAuthorizerResponse)!;

        Assert.Equal(("2.0", "REQUEST", "$default"), (request.Version, request.Type, request.RouteKey));
        Assert.Equal(["user1", "123"], request.IdentitySource!);
        Assert.Equal("arn:aws:execute-api:us-east-1:123456789012:abcdef123/test/GET/request", request.RouteArn);
        Assert.Equal("value1", request.Headers!["Header1"]);
        Assert.Equal(("id", "POST"), (request.RequestContext!.RequestId, request.RequestContext.Http!.Method));
        Assert.True(simple.IsAuthorized);
        Assert.Equal("exampleValue", simple.Context!["exampleKey"]);
        Assert.Equal("abcdef", iam.PrincipalID);
        Assert.Equal(("2012-10-17", "Allow", "execute-api:Invoke"), (iam.PolicyDocument!.Version, iam.PolicyDocument.Statement[0].Effect, iam.PolicyDocument.Statement[0].Action[0]));

        // What the function writes has the same shape as AWS's samples, field for field.
        var written = JsonNode.Parse(JsonSerializer.Serialize(iam, ApiGatewayJsonContext.Default.APIGatewayCustomAuthorizerResponse))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(fixtures, "authorizer-v2-iam-response.json"))), written), written.ToJsonString());
        var writtenSimple = JsonNode.Parse(JsonSerializer.Serialize(simple, ApiGatewayJsonContext.Default.APIGatewayCustomAuthorizerV2SimpleResponse))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(Path.Combine(fixtures, "authorizer-v2-simple-response.json"))), writtenSimple), writtenSimple.ToJsonString());
    }

    [Fact]
    public async Task A_valid_token_is_allowed_with_the_identity_as_context_whatever_scopes_the_route_wants()
    {
        // The route wants reports:read, which the token lacks: that is the proxy's 403, never a cached deny here.
        var response = await InvokeAsync(Function(), HttpApiEvent("GET /reports/{id}", ("authorization", "Bearer " + jose.Tokens["hs256"])));

        Assert.True((bool)response["isAuthorized"]!);
        var context = response["context"]!.AsObject();
        Assert.Equal(("jwt", "user-1", "acme", "free", "org-9"), ((string?)context["kind"], (string?)context["sub"], (string?)context["tenant"], (string?)context["plan"], (string?)context["org"]));
        Assert.Equal("admin support", (string?)context["roles"]);
        Assert.Equal("orders:read orders:write", (string?)context["scopes"]);
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong-audience")]
    [InlineData("alg-none")]
    public async Task A_bad_token_is_denied(string token)
    {
        var response = await InvokeAsync(Function(), HttpApiEvent("GET /reports/{id}", ("authorization", "Bearer " + jose.Tokens[token])));

        Assert.False((bool)response["isAuthorized"]!);
        Assert.Null(response["context"]);
    }

    [Fact]
    public async Task Each_route_reads_only_the_credential_it_takes()
    {
        var function = Function();
        var key = await IssueKeyAsync();
        var bearer = ("authorization", "Bearer " + jose.Tokens["hs256"]);

        var keyOnJwtRoute = await InvokeAsync(function, HttpApiEvent("GET /reports/{id}", ("x-api-key", key)));
        var tokenOnKeyRoute = await InvokeAsync(function, HttpApiEvent("POST /partner", bearer));
        var keyOnKeyRoute = await InvokeAsync(function, HttpApiEvent("POST /partner", ("x-api-key", key), bearer));
        var keyOnAnyRoute = await InvokeAsync(function, HttpApiEvent("ANY /either/{proxy+}", ("x-api-key", key)));
        var tokenOnAnyRoute = await InvokeAsync(function, HttpApiEvent("ANY /either/{proxy+}", bearer));
        var nothingOnAnyRoute = await InvokeAsync(function, HttpApiEvent("ANY /either/{proxy+}"));
        var unknownRoute = await InvokeAsync(function, HttpApiEvent("GET /nope", bearer));

        Assert.False((bool)keyOnJwtRoute["isAuthorized"]!);
        Assert.False((bool)tokenOnKeyRoute["isAuthorized"]!);
        Assert.Equal(("apiKey", "acme", "free"), ((string?)keyOnKeyRoute["context"]!["kind"], (string?)keyOnKeyRoute["context"]!["tenant"], (string?)keyOnKeyRoute["context"]!["plan"]));
        Assert.Equal("apiKey", (string?)keyOnAnyRoute["context"]!["kind"]);
        Assert.Equal("jwt", (string?)tokenOnAnyRoute["context"]!["kind"]);
        Assert.False((bool)nothingOnAnyRoute["isAuthorized"]!);
        Assert.False((bool)unknownRoute["isAuthorized"]!);
    }

    [Fact]
    public async Task REST_events_get_an_IAM_policy_for_the_whole_stage()
    {
        var function = Function();
        var key = await IssueKeyAsync();

        var allowed = await InvokeAsync(function, RestEvent("POST", "/partner", ("X-Api-Key", key)));
        var denied = await InvokeAsync(function, RestEvent("GET", "/reports/{id}", ("Authorization", "Bearer " + jose.Tokens["expired"])));

        var statement = allowed["policyDocument"]!["Statement"]![0]!;
        Assert.Equal("Allow", (string?)statement["Effect"]);
        Assert.Equal("execute-api:Invoke", (string?)statement["Action"]![0]);
        Assert.Equal("arn:aws:execute-api:eu-west-1:123456789012:abc123/dev/*", (string?)statement["Resource"]![0]);
        Assert.Equal("acme", (string?)allowed["context"]!["tenant"]);
        Assert.False(string.IsNullOrEmpty((string?)allowed["principalId"]));
        Assert.Equal("Deny", (string?)denied["policyDocument"]!["Statement"]![0]!["Effect"]);
        Assert.Equal("2012-10-17", (string?)denied["policyDocument"]!["Version"]);
    }

    [Fact]
    public async Task A_key_store_outage_fails_the_invocation_instead_of_caching_a_deny()
    {
        var config = TestGateway.LoadConfig(Config);
        var function = new AuthorizerFunction(config, GatewayAuthentication.Create(config.Auth, null, new FailingKeyStore(), new HttpClient(), TimeProvider.System), NullLogger.Instance);
        var (key, _) = ApiKeyFormat.Generate();

        await Assert.ThrowsAsync<StoreUnavailableException>(() => InvokeAsync(function, HttpApiEvent("POST /partner", ("x-api-key", key))));
    }

    private sealed class FailingKeyStore : IApiKeyStore
    {
        public ValueTask<ApiKeyRecord?> FindAsync(string keyId, CancellationToken cancellationToken) => throw new StoreUnavailableException("GetItem", new TimeoutException());

        public ValueTask<bool> CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<IReadOnlyList<ApiKeyRecord>> ListAsync(string tenant, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<bool> RevokeAsync(string keyId, DateTimeOffset revokedAt, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<bool> ChangeStatusAsync(string keyId, ApiKeyStatus from, ApiKeyStatus to, CancellationToken cancellationToken) => throw new NotSupportedException();

        public ValueTask<bool> RotateAsync(string oldKeyId, DateTimeOffset oldKeyExpires, ApiKeyRecord replacement, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
