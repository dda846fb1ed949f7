using System.Net;
using System.Text;
using System.Text.Json;
using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class CompositionTests
{
    private const string Config = """
        services:
          users: { url: "http://users.test/v1" }
          orders: { url: "http://orders.test" }
        routes:
          - name: overview
            path: "/overview/{id}"
            methods: [GET]
            compose:
              timeout: 1s
              onFailure: fail
              parts:
                profile: { service: users, path: "/users/${route.param.id}" }
                orders: { service: orders, path: "/orders?customer=${route.param.id}&limit=5", timeout: 200ms, onFailure: omit }
                recommendations: { service: orders, path: /recommendations, onFailure: omit }
        """;

    /// <summary>Answers by path; "slow" paths wait until the gateway gives up on them.</summary>
    private sealed class Upstreams(Func<HttpRequestMessage, (HttpStatusCode Status, string Body, bool Slow)> respond) : HttpMessageHandler
    {
        public List<HttpRequestMessage> Received { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            lock (Received)
            {
                Received.Add(request);
            }
            var (status, body, slow) = respond(request);
            if (slow)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            return new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        }
    }

    private static (HttpStatusCode, string, bool) Healthy(HttpRequestMessage request) => request.RequestUri!.AbsolutePath switch
    {
        var path when path.StartsWith("/v1/users/", StringComparison.Ordinal) => (HttpStatusCode.OK, """{"name":"Ada"}""", false),
        "/orders" => (HttpStatusCode.OK, """[{"id":1}]""", false),
        _ => (HttpStatusCode.OK, """{"items":[]}""", false),
    };

    private static async Task<(int Status, JsonElement Body)> GetAsync(Upstreams upstreams, string path, CallerIdentity? identity = null, params (string, string)[] headers)
    {
        var gateway = TestGateway.Build(Config, upstreams);
        var response = await gateway.HandleAsync(Requests.Create("GET", path, headers: headers), new EdgeContext(null, identity, StageContext.Default));
        return (response.StatusCode, JsonDocument.Parse(response.Body).RootElement.Clone());
    }

    [Fact]
    public async Task Calls_every_part_and_merges_their_json_under_their_names()
    {
        var upstreams = new Upstreams(Healthy);

        var (status, body) = await GetAsync(upstreams, "/overview/c%2042", new CallerIdentity { Kind = CredentialKind.Jwt, Subject = "u-1", Tenant = "acme" },
            ("Authorization", "Bearer t"), ("Content-Type", "text/plain"));

        Assert.Equal(200, status);
        Assert.Equal("""{"profile":{"name":"Ada"},"orders":[{"id":1}],"recommendations":{"items":[]}}""", body.GetRawText());
        var uris = upstreams.Received.Select(r => r.RequestUri!.OriginalString).Order().ToArray();
        Assert.Equal(["http://orders.test/orders?customer=c%2042&limit=5", "http://orders.test/recommendations", "http://users.test/v1/users/c%2042"], uris);
        Assert.All(upstreams.Received, request =>
        {
            Assert.Equal(HttpMethod.Get, request.Method);
            Assert.Null(request.Content);
            Assert.Equal("Bearer t", request.Headers.Authorization!.ToString());
            Assert.Equal("u-1", request.Headers.GetValues("X-User-ID").Single());
        });
    }

    [Fact]
    public async Task A_failed_optional_part_is_left_out_with_a_marker()
    {
        var upstreams = new Upstreams(request => request.RequestUri!.AbsolutePath switch
        {
            "/orders" => (HttpStatusCode.OK, "", true),
            "/recommendations" => (HttpStatusCode.ServiceUnavailable, "{}", false),
            _ => Healthy(request),
        });

        var (status, body) = await GetAsync(upstreams, "/overview/7");

        Assert.Equal(200, status);
        Assert.Equal("""{"name":"Ada"}""", body.GetProperty("profile").GetRawText());
        Assert.False(body.TryGetProperty("orders", out _));
        Assert.False(body.TryGetProperty("recommendations", out _));
        var errors = body.GetProperty("_errors");
        Assert.Equal("""{"code":"upstream_timeout","status":504,"reason":"no answer within 200 ms"}""", errors.GetProperty("orders").GetRawText());
        Assert.Equal("""{"code":"upstream_error","status":502,"reason":"the upstream answered 503"}""", errors.GetProperty("recommendations").GetRawText());
    }

    [Fact]
    public async Task A_failed_required_part_fails_the_request()
    {
        var upstreams = new Upstreams(request => request.RequestUri!.AbsolutePath.StartsWith("/v1/users/", StringComparison.Ordinal)
            ? (HttpStatusCode.OK, "<html>", false)
            : Healthy(request));

        var (status, body) = await GetAsync(upstreams, "/overview/7");

        Assert.Equal(502, status);
        Assert.Equal("upstream_error", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("part \"profile\" failed: the upstream answered with a body that is not JSON", body.GetProperty("error").GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_route_value_that_would_climb_out_of_a_parts_path_is_refused()
    {
        var upstreams = new Upstreams(Healthy);

        var (status, body) = await GetAsync(upstreams, "/overview/%2e%2e");

        Assert.Equal(400, status);
        Assert.Equal("invalid_path", body.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(upstreams.Received);
    }

    [Theory]
    [InlineData("service: users\n    compose: { parts: { a: { service: users, path: /a } } }", "remove service or compose")]
    [InlineData("compose: { parts: { a: { service: userz, path: /a } } }", "unknown service \"userz\" (did you mean \"users\"?)")]
    [InlineData("compose: { parts: { a: { service: users, path: a } } }", "must start with '/'")]
    [InlineData("compose: { parts: { a: { service: users, path: /a/../b } } }", "no empty or dot segments")]
    [InlineData("compose: { parts: { _a: { service: users, path: /a } } }", "reserved")]
    [InlineData("compose: { parts: {} }", "lists no parts")]
    [InlineData("compose: { onFailure: ignore, parts: { a: { service: users, path: /a } } }", "\"ignore\" is not one of: fail, omit")]
    [InlineData("compose: { parts: { a: { service: users, path: /a } } }\n    timeouts: { read: 1s }", "sets a timeout per part")]
    [InlineData("compose: { parts: { a: { service: users, path: \"/a/${route.param.nope\" } } }", "unclosed")]
    public void Invalid_compositions_are_configuration_errors(string route, string expected)
    {
        var problems = TestGateway.Problems($"""
            services:
              users: {"{"} url: "http://users.test" {"}"}
            routes:
              - path: /a
                {route}
            """);

        Assert.Contains(problems, p => p.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
