using System.Text.Json;
using Gateway.Configuration;
using Gateway.Composition;
using Gateway.Forwarding;
using Gateway.GrpcTests.Generated;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.Policies;
using Gateway.ProtoText;
using Gateway.Testing;
using Google.Protobuf;

namespace Gateway.GrpcTests;

/// <summary>JSON clients calling a real gRPC server through the gateway: fields, statuses, deadlines, metadata, policies.</summary>
public sealed class GrpcCallTests : IAsyncLifetime
{
    private TesterServer _server = null!;

    public async Task InitializeAsync() => _server = await TesterServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_post_body_with_every_field_kind_reaches_the_service_and_comes_back_as_json()
    {
        var payload = MessageCorpus.Generate(40).Last();
        var body = $$"""{"id": "9007199254740993", "color": "GREEN", "tags": ["a", "b"], "payload": {{JsonFormatter.Default.Format(payload)}}}""";

        var response = await Gateway().HandleAsync(Requests.Create("POST", "/v1/echo/Ada", body: body), Requests.Anonymous);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("application/json", response.Headers.Get("Content-Type"));
        var reply = JsonParser.Default.Parse<EchoReply>(Requests.BodyText(response));
        Assert.Equal(("Hello Ada", 9007199254740993L, Color.Green), (reply.Greeting, reply.Id, reply.Color));
        Assert.Equal(["a", "b"], reply.Tags);
        Assert.Equal(payload, reply.Payload);
        Assert.Equal("tester", response.Headers.Get("x-served-by"));
    }

    [Fact]
    public async Task A_get_fills_the_request_from_the_path_and_the_query()
    {
        var response = await Gateway().HandleAsync(Requests.Create("GET", "/v1/echo/Ada", query: "id=-5&tags=x&tags=y%20z&color=RED"), Requests.Anonymous);

        var reply = JsonParser.Default.Parse<EchoReply>(Requests.BodyText(response));
        Assert.Equal(("Hello Ada", -5L, Color.Red), (reply.Greeting, reply.Id, reply.Color));
        Assert.Equal(["x", "y z"], reply.Tags);
    }

    [Theory]
    [InlineData("""{"nmae": "x"}""", "field \"nmae\": gateway.test.EchoRequest has no field \"nmae\"")]
    [InlineData("""{"id": "twelve"}""", "field \"id\": expected an int64 (a number, or a string holding one), got the string \"twelve\"")]
    [InlineData("""{"name": "twice"}""", "field \"name\": is given both in the URL and in the body")]
    public async Task A_body_that_does_not_fit_is_a_400_and_never_calls_the_service(string body, string message)
    {
        var before = _server.Calls;

        var response = await Gateway().HandleAsync(Requests.Create("POST", "/v1/echo/Ada", body: body), Requests.Anonymous);

        Assert.Equal(400, response.StatusCode);
        var error = JsonDocument.Parse(response.Body).RootElement.GetProperty("error");
        Assert.Equal(("invalid_request", message), (error.GetProperty("code").GetString(), error.GetProperty("message").GetString()));
        Assert.Equal(before, _server.Calls);
    }

    [Theory]
    [InlineData(1, 499, "cancelled")]
    [InlineData(2, 500, "unknown")]
    [InlineData(3, 400, "invalid_argument")]
    [InlineData(4, 504, "deadline_exceeded")]
    [InlineData(5, 404, "not_found")]
    [InlineData(6, 409, "already_exists")]
    [InlineData(7, 403, "permission_denied")]
    [InlineData(8, 429, "resource_exhausted")]
    [InlineData(9, 400, "failed_precondition")]
    [InlineData(10, 409, "aborted")]
    [InlineData(11, 400, "out_of_range")]
    [InlineData(12, 501, "unimplemented")]
    [InlineData(13, 500, "internal")]
    [InlineData(14, 503, "unavailable")]
    [InlineData(15, 500, "data_loss")]
    [InlineData(16, 401, "unauthenticated")]
    public async Task Each_grpc_status_becomes_its_http_status_with_the_message_in_the_error_shape(int grpcStatus, int httpStatus, string code)
    {
        var body = $$"""{"failWith": {{grpcStatus}}, "failMessage": "it failed: 100% ✓"}""";

        var response = await Gateway(retries: 1).HandleAsync(Requests.Create("POST", "/v1/echo/Ada", body: body), Requests.Anonymous);

        Assert.Equal(httpStatus, response.StatusCode);
        var error = JsonDocument.Parse(response.Body).RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Equal("it failed: 100% ✓", error.GetProperty("message").GetString());
        Assert.Equal("asked to fail", response.Headers.Get("x-failure-detail"));
    }

    [Fact]
    public async Task The_route_timeout_becomes_the_grpc_timeout_and_a_slow_service_is_a_504()
    {
        var gateway = Gateway(retries: 1, read: "300ms");

        var quick = await gateway.HandleAsync(Requests.Create("POST", "/v1/echo/Ada", body: "{}"), Requests.Anonymous);
        var deadline = JsonParser.Default.Parse<EchoReply>(Requests.BodyText(quick)).DeadlineMs;
        Assert.InRange(deadline, 100, 300);

        var slow = await gateway.HandleAsync(Requests.Create("POST", "/v1/echo/Ada", body: """{"delayMs": 2000}"""), Requests.Anonymous);
        Assert.Equal(504, slow.StatusCode);
    }

    [Fact]
    public async Task Identity_request_id_and_allow_listed_headers_become_metadata_and_nothing_else_does()
    {
        var identity = new CallerIdentity { Kind = CredentialKind.Jwt, Subject = "u-7", Tenant = "acme", Roles = ["admin"] };
        var request = Requests.Create("POST", "/v1/echo/Ada", body: "{}", headers: [("Accept-Language", "fr"), ("X-Secret", "no"), ("X-User-ID", "forged")]);

        var response = await Gateway().HandleAsync(request, new EdgeContext("req-1", identity, StageContext.Default));

        var metadata = JsonParser.Default.Parse<EchoReply>(Requests.BodyText(response)).Metadata;
        Assert.Equal("u-7", metadata["x-user-id"]);
        Assert.Equal("acme", metadata["x-tenant-id"]);
        Assert.Equal("admin", metadata["x-roles"]);
        Assert.Equal("fr", metadata["accept-language"]);
        Assert.Equal("203.0.113.7", metadata["x-forwarded-for"]);
        Assert.True(metadata.ContainsKey("x-request-id"));
        Assert.False(metadata.ContainsKey("x-secret"));
    }

    [Fact]
    public async Task Unavailable_is_retried_and_opens_the_breaker_like_a_503()
    {
        var gateway = Gateway(retries: 2, breaker: "{ failureThreshold: 2, window: 30s, openDuration: 30s }");
        var before = _server.Calls;

        var failed = await gateway.HandleAsync(Requests.Create("GET", "/v1/echo/Ada", query: "failWith=14"), Requests.Anonymous);
        Assert.Equal(503, failed.StatusCode);
        Assert.Equal(before + 2, _server.Calls);

        var refused = await gateway.HandleAsync(Requests.Create("GET", "/v1/echo/Ada"), Requests.Anonymous);
        Assert.Equal(503, refused.StatusCode);
        Assert.Equal("circuit_open", JsonDocument.Parse(refused.Body).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(before + 2, _server.Calls);
    }

    [Fact]
    public async Task A_service_that_is_down_is_a_502()
    {
        var down = Gateway(url: "http://127.0.0.1:1", retries: 1);
        Assert.Equal(502, (await down.HandleAsync(Requests.Create("GET", "/v1/echo/Ada"), Requests.Anonymous)).StatusCode);
    }

    /// <summary>
    /// A server that answers without a grpc-status is not the gRPC service: where the spec's HTTP mapping names a
    /// status (an intermediary's 503 or 401) that status stands; where it can only say UNKNOWN, the gateway's 502.
    /// </summary>
    [Theory]
    [InlineData(200, 502, null)]
    [InlineData(500, 502, null)]
    [InlineData(302, 502, null)]
    [InlineData(503, 503, "unavailable")]
    [InlineData(401, 401, "unauthenticated")]
    public async Task A_server_that_is_not_grpc_is_judged_by_its_http_status(int answered, int expected, string? code)
    {
        await using var plain = await PlainHttp2Server.StartAsync(answered);

        var response = await Gateway(url: plain.Address.ToString(), retries: 1).HandleAsync(Requests.Create("GET", "/v1/echo/Ada"), Requests.Anonymous);

        Assert.Equal(expected, response.StatusCode);
        var error = JsonDocument.Parse(response.Body).RootElement.GetProperty("error");
        if (code is not null)
        {
            Assert.Equal(code, error.GetProperty("code").GetString());
        }
        Assert.Equal(1, plain.Calls);
    }

    [Fact]
    public async Task Response_transforms_and_the_cache_work_on_a_grpc_route()
    {
        var gateway = Gateway(policies: "{ responseHeaders: { set: { X-Via: gateway } }, cache: { ttl: 60s } }");
        var before = _server.Calls;

        var first = await gateway.HandleAsync(Requests.Create("GET", "/v1/echo/Ada"), Requests.Anonymous);
        var second = await gateway.HandleAsync(Requests.Create("GET", "/v1/echo/Ada"), Requests.Anonymous);

        Assert.Equal(200, second.StatusCode);
        Assert.Equal("gateway", first.Headers.Get("X-Via"));
        Assert.Equal(Requests.BodyText(first), Requests.BodyText(second));
        Assert.Equal(before + 1, _server.Calls);
    }

    private GatewayHandler Gateway(int retries = 2, string read = "5s", string breaker = "{ enabled: false }", string? url = null, string policies = "")
    {
        var directory = Path.GetDirectoryName(TestProtos.ProtoPath)!;
        var yaml = $$"""
            services:
              tester:
                url: {{url ?? _server.Address.ToString()}}
                protocol: grpc
                proto: transcoding.proto
                timeouts: { read: {{read}}, deadline: 10s }
                retry: { attempts: {{retries}}, baseDelay: 1ms }
                circuitBreaker: {{breaker}}
            routes:
              - path: /v1/echo/{name}
                methods: [GET, POST]
                service: tester
                grpc: { method: gateway.test.Tester/Echo, metadata: [Accept-Language] }
                policies: {{(policies.Length == 0 ? "{}" : policies)}}
            """;
        var config = new GatewayConfigLoader(PolicyCatalog.Default, _ => null, new ProtoTextCompiler())
            .Parse(yaml, Path.Combine(directory, "gateway.yaml")).GetConfigOrThrow();
        return GatewayBuilder.Build(config, TestGateway.Services(null));
    }
}
