using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.IntegrationTests.Hosting;

/// <summary>Through the real Kestrel host to real upstreams on loopback.</summary>
public sealed class KestrelEndToEndTests
{
    private static string Config(string upstreamUrl, string extra = "") => $$"""
        gateway: { maxRequestBodySize: 64KB }
        services:
          api:
            url: {{upstreamUrl}}
            timeouts: { connect: 2s, read: 1500ms, deadline: 3s }
        routes:
          - name: api
            path: "/api/{proxy+}"
            stripPrefix: /api
            service: api
            policies:
              requestHeaders: { set: { X-Route: "${route.name}" } }
        {{extra}}
        """;

    private static async Task<string> ErrorCode(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("error").GetProperty("code").GetString()!;
    }

    [Fact]
    public async Task Proxies_method_path_query_headers_cookies_and_body()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl));
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/items/a%20b?q=%E2%82%AC&q=2&flag")
        {
            Content = new StringContent("{\"name\":\"tea\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", "session=1; theme=dark");
        request.Headers.Add("X-Multi", ["one", "two"]);
        request.Headers.Add("X-User-ID", "forged");

        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Request-ID"));
        var received = upstream.Last;
        Assert.Equal("PUT", received.Method);
        Assert.Equal("/items/a%20b?q=%E2%82%AC&q=2&flag", received.RawTarget);
        Assert.Equal("{\"name\":\"tea\"}", Encoding.UTF8.GetString(received.Body));
        Assert.Equal("session=1; theme=dark", received.Header("Cookie"));
        Assert.Equal("one, two", received.Header("X-Multi"));
        Assert.Equal("api", received.Header("X-Route"));
        Assert.Null(received.Header("X-User-ID"));
        Assert.Equal("127.0.0.1", received.Header("X-Forwarded-For"));
        Assert.Equal("http", received.Header("X-Forwarded-Proto"));
        Assert.Equal(gateway.Host.Address.Authority, received.Header("X-Forwarded-Host"));
        Assert.Equal(response.Headers.GetValues("X-Request-ID").Single(), received.Header("X-Request-ID"));
    }

    [Fact]
    public async Task Serves_a_target_in_the_absolute_form_by_its_path()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl));
        // A client that takes the gateway for a proxy sends "GET http://api.test/api/a%20b?q=1 HTTP/1.1".
        using var viaProxy = new HttpClient(new SocketsHttpHandler { Proxy = new WebProxy(gateway.Host.Address), UseProxy = true });

        using var response = await viaProxy.GetAsync("http://api.test/api/a%20b?q=1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("/a%20b?q=1", upstream.Last.RawTarget);
    }

    [Fact]
    public async Task A_malformed_chunked_body_gets_a_400_json_error_and_no_unhandled_exception()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var logs = new LogCapture();
        var gateway = TestGateway.Build(Config(upstream.BaseUrl));
        var logging = new PowertoolsJsonLoggerProvider(ExecutionEnvironment.FromEnvironment(_ => null, "test"), LogLevelSettings.FromEnvironment(_ => null), logs.Output, TimeProvider.System);
        await using var server = await GatewayServer.StartAsync(gateway, logging);
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(server.Host.Address.Host, server.Host.Address.Port);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /api/x HTTP/1.1\r\nHost: a\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n0\r\n\r\n"));
        var answer = await new StreamReader(stream).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400", answer, StringComparison.Ordinal);
        Assert.Contains("\"code\":\"invalid_request\"", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("unhandled exception", logs.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, upstream.HitCount);
    }

    [Fact]
    public async Task Returns_binary_bodies_and_multiple_set_cookie_headers_intact()
    {
        var payload = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        await using var upstream = await TestUpstream.StartAsync(async (http, _) =>
        {
            http.Response.ContentType = "application/octet-stream";
            http.Response.Headers.Append("Set-Cookie", new[] { "a=1; Path=/", "b=2; HttpOnly" });
            await http.Response.Body.WriteAsync(payload);
        });
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl));

        using var response = await gateway.Client.GetAsync("/api/file.bin");

        Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["a=1; Path=/", "b=2; HttpOnly"], response.Headers.GetValues("Set-Cookie"));
    }

    [Fact]
    public async Task A_refused_connection_is_a_502()
    {
        await using var gateway = await GatewayServer.StartAsync(Config($"http://127.0.0.1:{RawTcpUpstream.UnusedPort()}"));

        using var response = await gateway.Client.GetAsync("/api/anything");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_unreachable", await ErrorCode(response));
    }

    [Fact]
    public async Task A_slow_upstream_is_a_504()
    {
        await using var upstream = await TestUpstream.StartAsync(async (http, _) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), http.RequestAborted);
            await http.Response.WriteAsync("too late");
        });
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl));

        using var response = await gateway.Client.GetAsync("/api/slow");

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("upstream_timeout", await ErrorCode(response));
        Assert.True(response.Headers.Contains("X-Request-ID"));
    }

    [Fact]
    public async Task An_upstream_answering_garbage_is_a_502()
    {
        await using var upstream = new RawTcpUpstream(Encoding.ASCII.GetBytes("this is not HTTP at all\r\n\r\n"));
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl));

        using var response = await gateway.Client.GetAsync("/api/garbage");

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal("upstream_error", await ErrorCode(response));
    }

    [Fact]
    public async Task An_oversized_body_is_a_413_and_never_reaches_the_upstream()
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl));

        using var response = await gateway.Client.PostAsync("/api/upload", new ByteArrayContent(new byte[200 * 1024]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("payload_too_large", await ErrorCode(response));
        Assert.Equal(0, upstream.HitCount);
    }

    [Theory]
    [InlineData("/nope", HttpStatusCode.NotFound, "route_not_found")]
    [InlineData("/api/%2e%2e/admin", HttpStatusCode.BadRequest, "invalid_path")]
    public async Task Gateway_errors_come_back_as_json_with_a_request_id(string path, HttpStatusCode status, string code)
    {
        await using var upstream = await TestUpstream.StartAsync();
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl));

        // The raw form, so that the client does not resolve the dot segments itself before sending.
        var uri = new Uri(gateway.Host.Address.GetLeftPart(UriPartial.Authority) + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var response = await gateway.Client.GetAsync(uri);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await ErrorCode(response));
        Assert.True(response.Headers.Contains("X-Request-ID"));
        Assert.Equal(0, upstream.HitCount);
    }

    [Fact]
    public async Task Upstream_errors_pass_through_unchanged()
    {
        await using var upstream = await TestUpstream.StartAsync((http, _) =>
        {
            http.Response.StatusCode = 418;
            http.Response.Headers.CacheControl = "no-store";
            return http.Response.WriteAsync("teapot");
        });
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl));

        using var response = await gateway.Client.GetAsync("/api/tea");

        Assert.Equal((HttpStatusCode)418, response.StatusCode);
        Assert.Equal("teapot", await response.Content.ReadAsStringAsync());
        Assert.Equal(new CacheControlHeaderValue { NoStore = true }, response.Headers.CacheControl);
    }
}
