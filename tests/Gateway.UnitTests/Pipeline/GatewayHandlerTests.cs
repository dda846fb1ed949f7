using System.Net;
using System.Text.Json;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.UnitTests.Pipeline;

public sealed class GatewayHandlerTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test/base" }
        routes:
          - { name: item, path: "/items/{id}", methods: [GET, PUT], service: api }
          - { name: strip, path: "/v1/{proxy+}", stripPrefix: /v1, service: api }
        """;

    [Fact]
    public async Task Forwards_a_matched_request_under_the_instance_base_path()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/items/42", "a=1&b=%20x"), Requests.Anonymous);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("{\"ok\":true}", Requests.BodyText(response));
        Assert.Equal("http://upstream.test/base/items/42?a=1&b=%20x", upstream.LastRequest.RequestUri!.OriginalString);
    }

    [Fact]
    public async Task Strips_the_configured_prefix()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        await gateway.HandleAsync(Requests.Create("GET", "/v1/orders/7"), Requests.Anonymous);

        Assert.Equal("/base/orders/7", upstream.LastRequest.RequestUri!.AbsolutePath);
    }

    [Theory]
    [InlineData("GET", "/nothing-here", 404, "route_not_found")]
    [InlineData("DELETE", "/items/1", 405, "method_not_allowed")]
    [InlineData("GET", "/v1/%2e%2e/admin", 400, "invalid_path")]
    public async Task Gateway_errors_share_one_json_shape(string method, string path, int status, string code)
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create(method, path), Requests.Anonymous);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/json", response.Headers.Get("Content-Type"));
        using var json = JsonDocument.Parse(response.Body);
        var error = json.RootElement.GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.Equal(response.Headers.Get("X-Request-ID"), error.GetProperty("requestId").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Theory]
    [InlineData("a=1 HTTP/1.1\r\nX-User-ID: forged\r\nX-Pad: x")]
    [InlineData("a=\u0000")]
    [InlineData("a=b c")]
    [InlineData("a=b#c")]
    [InlineData("a=ü")]
    public async Task A_query_that_cannot_be_forwarded_as_it_is_gets_400_invalid_request(string query)
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/items/1", query), Requests.Anonymous);

        Assert.Equal(400, response.StatusCode);
        using var json = JsonDocument.Parse(response.Body);
        Assert.Equal("invalid_request", json.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task A_target_over_the_limit_gets_414_and_one_at_the_limit_is_forwarded()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);
        var atLimit = "/v1/" + new string('a', RequestLimits.MaxTargetLength - "/v1/".Length - 2);

        var forwarded = await gateway.HandleAsync(Requests.Create("GET", atLimit, "q"), Requests.Anonymous);
        var refused = await gateway.HandleAsync(Requests.Create("GET", atLimit, "qq"), Requests.Anonymous);

        Assert.Equal(200, forwarded.StatusCode);
        Assert.Equal(414, refused.StatusCode);
        Assert.Contains("uri_too_long", Requests.BodyText(refused), StringComparison.Ordinal);
        Assert.Single(upstream.Requests);
    }

    [Theory]
    [InlineData(RequestLimits.MaxHeaderCount + 1, 1)]
    [InlineData(1, RequestLimits.MaxHeaderBytes)]
    public async Task Headers_over_the_limits_get_431(int count, int valueLength)
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);
        var headers = Enumerable.Range(0, count).Select(i => ($"X-H{i}", new string('v', valueLength))).ToArray();

        var response = await gateway.HandleAsync(Requests.Create("GET", "/items/1", headers: headers), Requests.Anonymous);

        Assert.Equal(431, response.StatusCode);
        Assert.Contains("headers_too_large", Requests.BodyText(response), StringComparison.Ordinal);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task Headers_are_measured_as_sent_before_forged_identity_headers_are_stripped()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/items/1", headers: ("X-User-ID", new string('f', RequestLimits.MaxHeaderBytes))), Requests.Anonymous);

        Assert.Equal(431, response.StatusCode);
    }

    [Fact]
    public async Task Exactly_as_many_headers_as_the_limit_are_forwarded_though_the_gateway_adds_a_traceparent()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);
        var headers = Enumerable.Range(0, RequestLimits.MaxHeaderCount).Select(i => ($"X-H{i}", "v")).ToArray();

        var response = await gateway.HandleAsync(Requests.Create("GET", "/items/1", headers: headers), Requests.Anonymous);

        Assert.Equal(200, response.StatusCode);
    }

    [Fact]
    public async Task Method_not_allowed_lists_the_allowed_methods()
    {
        var gateway = TestGateway.Build(Config, new StubUpstreamHandler());

        var response = await gateway.HandleAsync(Requests.Create("POST", "/items/1"), Requests.Anonymous);

        Assert.Equal("GET, HEAD, PUT", response.Headers.Get("Allow"));
    }

    [Fact]
    public async Task Oversized_bodies_get_413_before_reaching_the_upstream()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build("gateway: { maxRequestBodySize: 16 }\n" + Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create("PUT", "/items/1", body: new string('x', 17)), Requests.Anonymous);

        Assert.Equal(413, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task Keeps_a_well_formed_client_request_id_and_replaces_a_hostile_one()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        var kept = await gateway.HandleAsync(Requests.Create("GET", "/items/1", headers: ("X-Request-ID", "client-id-123")), Requests.Anonymous);
        Assert.Equal("client-id-123", kept.Headers.Get("X-Request-ID"));
        Assert.Equal("client-id-123", upstream.LastRequest.Headers.GetValues("X-Request-ID").Single());

        var replaced = await gateway.HandleAsync(Requests.Create("GET", "/items/1", headers: ("X-Request-ID", "bad id\twith spaces")), new EdgeContext("apigw-id", null, StageContext.Default));
        Assert.Equal("apigw-id", replaced.Headers.Get("X-Request-ID"));
    }

    [Fact]
    public async Task Client_sent_identity_headers_never_reach_the_upstream_even_on_public_routes()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        await gateway.HandleAsync(
            Requests.Create("GET", "/items/1", headers: [("X-User-ID", "admin"), ("x-tenant-id", "other"), ("X-Roles", "admin"), ("X-Scopes", "*"), ("X-Org-ID", "o"), ("X-Plan", "enterprise")]),
            Requests.Anonymous);

        var sent = upstream.LastRequest.Headers.Select(h => h.Key).ToArray();
        Assert.DoesNotContain(sent, name => name.StartsWith("X-User", StringComparison.OrdinalIgnoreCase) || name.StartsWith("X-Tenant", StringComparison.OrdinalIgnoreCase)
            || name is "X-Roles" or "X-Scopes" or "X-Org-ID" or "X-Plan");
    }

    [Fact]
    public async Task Identity_headers_spelled_with_underscores_never_reach_the_upstream()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        await gateway.HandleAsync(
            Requests.Create("GET", "/items/1", headers: [("X_User_ID", "admin"), ("x_tenant_id", "other"), ("X_ROLES", "admin"), ("X-Scopes_", "kept")]),
            Requests.Anonymous);

        var sent = upstream.LastRequest.Headers.Select(h => h.Key).ToArray();
        Assert.Equal(["X-Scopes_"], sent.Where(name => name.StartsWith("X", StringComparison.OrdinalIgnoreCase) && name.Contains('_', StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Identity_from_the_edge_is_sent_upstream_in_place_of_forged_headers()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);
        var identity = new CallerIdentity { Kind = CredentialKind.Jwt, Subject = "user-1", Tenant = "acme", Roles = ["reader", "writer"], Scopes = ["items:read"] };

        await gateway.HandleAsync(Requests.Create("GET", "/items/1", headers: ("X-User-ID", "admin")), new EdgeContext(null, identity, StageContext.Default));

        Assert.Equal("user-1", upstream.LastRequest.Headers.GetValues("X-User-ID").Single());
        Assert.Equal("acme", upstream.LastRequest.Headers.GetValues("X-Tenant-ID").Single());
        Assert.Equal("reader writer", upstream.LastRequest.Headers.GetValues("X-Roles").Single());
        Assert.Equal("items:read", upstream.LastRequest.Headers.GetValues("X-Scopes").Single());
    }

    [Fact]
    public async Task A_failing_policy_becomes_a_500_json_error_without_details()
    {
        var upstream = new StubUpstreamHandler(_ => throw new InvalidCastException("secret internal detail"));
        var gateway = TestGateway.Build(Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/items/1"), Requests.Anonymous);

        Assert.Equal(500, response.StatusCode);
        Assert.DoesNotContain("secret", Requests.BodyText(response), StringComparison.Ordinal);
        Assert.Contains("internal_error", Requests.BodyText(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upstream_status_headers_and_binary_body_pass_through()
    {
        var payload = new byte[] { 0, 1, 2, 255, 254 };
        var upstream = new StubUpstreamHandler(_ =>
        {
            var message = new HttpResponseMessage(HttpStatusCode.Created) { Content = new ByteArrayContent(payload) };
            message.Content.Headers.ContentType = new("application/octet-stream");
            message.Headers.Add("Set-Cookie", ["a=1; Path=/", "b=2; HttpOnly"]);
            message.Headers.Add("Connection", "close");
            message.Headers.Add("X-Custom", ["one", "two"]);
            return message;
        });
        var gateway = TestGateway.Build(Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/items/1"), Requests.Anonymous);

        Assert.Equal(201, response.StatusCode);
        Assert.Equal(payload, response.Body.ToArray());
        Assert.Equal(["a=1; Path=/", "b=2; HttpOnly"], response.Headers.AsSpan().ToArray().Where(h => h.Key == "Set-Cookie").Select(h => h.Value));
        Assert.Equal("one, two", response.Headers.GetCombined("X-Custom"));
        Assert.Null(response.Headers.Get("Connection"));
    }

    [Fact]
    public async Task A_socket_error_the_http_handler_does_not_wrap_is_a_502_not_a_500()
    {
        // SocketsHttpHandler lets this one through unwrapped when a connection is reset between connect and first use.
        var upstream = new StubUpstreamHandler(_ => throw new System.Net.Sockets.SocketException((int)System.Net.Sockets.SocketError.NotConnected));
        var gateway = TestGateway.Build(Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/items/1"), Requests.Anonymous);

        Assert.Equal(502, response.StatusCode);
        Assert.Contains("upstream_unreachable", Requests.BodyText(response), StringComparison.Ordinal);
    }
}
