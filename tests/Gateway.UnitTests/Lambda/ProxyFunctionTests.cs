using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Lambda;
using Gateway.Testing;

namespace Gateway.UnitTests.Lambda;

public sealed class ProxyFunctionTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - { name: everything, path: "/{proxy+}", service: api }
          - { name: scoped, path: /reports, service: api, auth: { type: jwt, scopes: [reports:read] } }
        """;

    private readonly StubUpstreamHandler _upstream = new();

    private ProxyFunction Function() => new(TestGateway.Build(Config, _upstream));

    private static string Fixture(string name) => File.ReadAllText(Path.Combine(RepositoryPaths.AwsEventFixtures, name));

    /// <summary>
    /// AWS's HTTP API samples are GETs that carry a body, which the edge refuses (RFC 9110 gives it no meaning and no
    /// cache key holds it); the same payload as a POST exercises everything else they hold.
    /// </summary>
    private static string FixtureAsPost(string name)
    {
        var node = JsonNode.Parse(Fixture(name))!;
        node["requestContext"]!["http"]!["method"] = "POST";
        return node.ToJsonString();
    }

    private async Task<JsonElement> InvokeAsync(string eventJson)
    {
        await using var output = await Function().HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(eventJson)));
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static string ErrorCode(JsonElement response) =>
        JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement.GetProperty("error").GetProperty("code").GetString()!;

    [Fact]
    public async Task Forwards_the_lambda_authorizer_fixture_with_raw_query_cookies_and_headers()
    {
        var response = await InvokeAsync(FixtureAsPost("http-api-v2-request-lambda-authorizer.json"));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        var sent = _upstream.LastRequest;
        Assert.Equal("http://upstream.test/my/path?parameter1=value1&parameter1=value2&parameter2=value", sent.RequestUri!.OriginalString);
        Assert.Equal("cookie1; cookie2", sent.Headers.GetValues("Cookie").Single());
        Assert.Equal("value1", sent.Headers.GetValues("Header1").Single());
        Assert.Equal("{\r\n\t\"a\": 1\r\n}", Encoding.UTF8.GetString(_upstream.LastBody));
        Assert.Equal("id", sent.Headers.GetValues("X-Request-ID").Single());
        // "IP" is not an address, so there is no client address to append.
        Assert.False(sent.Headers.Contains("X-Forwarded-For"));
    }

    [Fact]
    public async Task Forwards_the_iam_authorizer_fixture()
    {
        var response = await InvokeAsync(FixtureAsPost("http-api-v2-request-iam-authorizer.json"));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal(HttpMethod.Post, _upstream.LastRequest.Method);
    }

    [Fact]
    public async Task Refuses_the_aws_sample_get_for_its_body_without_calling_the_upstream()
    {
        var response = await InvokeAsync(Fixture("http-api-v2-request-iam-authorizer.json"));

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("invalid_request", ErrorCode(response));
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task A_body_marked_base64_that_is_not_is_a_400_not_a_crash()
    {
        var response = await InvokeAsync(Fixture("http-api-v2-request.json"));

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("invalid_event", ErrorCode(response));
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task Decodes_a_valid_base64_body()
    {
        var node = JsonNode.Parse(Fixture("http-api-v2-request.json"))!;
        node["body"] = Convert.ToBase64String([0, 1, 2, 200]);

        var response = await InvokeAsync(node.ToJsonString());

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.Equal(new byte[] { 0, 1, 2, 200 }, _upstream.LastBody);
    }

    [Fact]
    public async Task Serves_the_rest_api_fixture_in_payload_format_1()
    {
        var response = await InvokeAsync(Fixture("rest-v1-proxy-request.json"));

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        Assert.True(response.TryGetProperty("multiValueHeaders", out _));
        Assert.Equal("http://upstream.test/hello/world?name=me", _upstream.LastRequest.RequestUri!.OriginalString);
        // API Gateway's source IP, not the chain the client's own X-Forwarded-For began.
        Assert.Equal("192.168.196.186", _upstream.LastRequest.Headers.GetValues("X-Forwarded-For").Single());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/a\"")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/a\"}")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/a\",\"requestContext\":{\"http\":{}}}")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/a\",\"requestContext\":{\"http\":{\"method\":\"GET\"}},\"headers\":5}")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/a\",\"rawPath\":\"/b\",\"requestContext\":{\"http\":{\"method\":\"GET\"}}}")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/a\",\"requestContext\":{\"http\":{\"method\":\"G E T\"}}}")]
    [InlineData("{\"httpMethod\":\"GET\",\"path\":\"/a\"}")]
    [InlineData("{\"httpMethod\":\"GET\",\"path\":\"/a\",\"resource\":5,\"requestContext\":{}}")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/a\",\"requestContext\":{\"http\":{\"method\":\"GET\"},\"authorizer\":{\"lambda\":{\"sub\":\"u1\",\"sub\":\"admin\"}}}}")]
    [InlineData("{\"httpMethod\":\"GET\",\"path\":\"/a\",\"requestContext\":{\"authorizer\":{\"tenant\":\"a\",\"tenant\":\"b\"}}}")]
    [InlineData("{\"httpMethod\":\"GET\",\"path\":\"/a\",\"requestContext\":{\"requestTimeEpoch\":null}}")]
    public async Task Malformed_events_get_a_400_json_error(string eventJson)
    {
        var response = await InvokeAsync(eventJson);

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        Assert.Equal("invalid_event", ErrorCode(response));
        Assert.Empty(_upstream.Requests);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/a\"}")]
    public async Task Invalid_events_carry_their_error_request_id_as_X_Request_ID(string eventJson)
    {
        var response = await InvokeAsync(eventJson);

        var requestId = JsonDocument.Parse(response.GetProperty("body").GetString()!).RootElement.GetProperty("error").GetProperty("requestId").GetString();
        Assert.Equal(requestId, response.GetProperty("headers").GetProperty("X-Request-ID").GetString());
    }

    [Theory]
    [InlineData("{\"version\":\"2.0\",\"rawPath\":\"/a\",\"headers\":{\"x-kept\":\"1\",\"x-null\":null},\"cookies\":[null,\"c=1\"],\"requestContext\":{\"http\":{\"method\":\"GET\"}}}")]
    [InlineData("{\"httpMethod\":\"GET\",\"path\":\"/a\",\"multiValueHeaders\":{\"x-kept\":[\"1\",null],\"x-null\":null},\"multiValueQueryStringParameters\":{\"q\":[null,\"1\"],\"n\":null},\"requestContext\":{}}")]
    [InlineData("{\"httpMethod\":\"GET\",\"path\":\"/a\",\"headers\":{\"x-kept\":\"1\",\"x-null\":null},\"queryStringParameters\":{\"q\":\"1\",\"n\":null},\"requestContext\":{}}")]
    public async Task Nulls_in_header_cookie_and_query_values_are_read_as_absent(string eventJson)
    {
        var response = await InvokeAsync(eventJson);

        Assert.Equal(200, response.GetProperty("statusCode").GetInt32());
        var sent = _upstream.LastRequest;
        Assert.Equal("1", sent.Headers.GetValues("x-kept").Single());
        Assert.False(sent.Headers.Contains("x-null"));
    }

    [Fact]
    public async Task Strips_a_named_stage_from_the_path()
    {
        await InvokeAsync("""{"version":"2.0","rawPath":"/dev/orders/1","requestContext":{"stage":"dev","http":{"method":"GET","sourceIp":"198.51.100.9"}}}""");

        Assert.Equal("/orders/1", _upstream.LastRequest.RequestUri!.AbsolutePath);
        Assert.Equal("198.51.100.9", _upstream.LastRequest.Headers.GetValues("X-Forwarded-For").Single());
    }

    [Fact]
    public async Task Route_scopes_are_enforced_from_the_authorizer_context()
    {
        const string template = """{"version":"2.0","rawPath":"/reports","requestContext":{"http":{"method":"GET"},"authorizer":{"lambda":{"kind":"jwt","sub":"u1","scopes":"SCOPES"}}}}""";

        var refused = await InvokeAsync(template.Replace("SCOPES", "orders:read", StringComparison.Ordinal));
        var admitted = await InvokeAsync(template.Replace("SCOPES", "orders:read reports:read", StringComparison.Ordinal));

        Assert.Equal(403, refused.GetProperty("statusCode").GetInt32());
        Assert.Equal(200, admitted.GetProperty("statusCode").GetInt32());
        Assert.Equal("u1", _upstream.LastRequest.Headers.GetValues("X-User-ID").Single());
    }

    [Fact]
    public async Task Maps_binary_bodies_to_base64_and_set_cookie_to_cookies()
    {
        var stub = new StubUpstreamHandler(_ =>
        {
            var message = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([137, 80, 78, 71]) };
            message.Content.Headers.ContentType = new("image/png");
            message.Headers.Add("Set-Cookie", ["a=1", "b=2"]);
            message.Headers.Add("Vary", ["Accept", "Origin"]);
            return message;
        });
        var function = new ProxyFunction(TestGateway.Build(Config, stub));

        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(FixtureAsPost("http-api-v2-request-lambda-authorizer.json"))));
        var response = JsonDocument.Parse(output).RootElement;

        Assert.True(response.GetProperty("isBase64Encoded").GetBoolean());
        Assert.Equal(new byte[] { 137, 80, 78, 71 }, Convert.FromBase64String(response.GetProperty("body").GetString()!));
        Assert.Equal(["a=1", "b=2"], response.GetProperty("cookies").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("Accept, Origin", response.GetProperty("headers").GetProperty("Vary").GetString());
    }

    [Fact]
    public async Task An_invalid_bundled_configuration_answers_500_json_instead_of_crashing()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllTextAsync(path, "routes: nonsense");
        try
        {
            var logs = new LogCapture();
            var function = new ProxyFunction(name => name == "GATEWAY_CONFIG" ? path : null, logs.Output);
            await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(Fixture("http-api-v2-request-lambda-authorizer.json"))));
            var response = JsonDocument.Parse(output).RootElement;

            Assert.Equal(500, response.GetProperty("statusCode").GetInt32());
            Assert.Equal("configuration_invalid", ErrorCode(response));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
