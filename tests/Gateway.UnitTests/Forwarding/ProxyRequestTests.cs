using Gateway.Testing;

namespace Gateway.UnitTests.Forwarding;

public sealed class ProxyRequestTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
          kept: { url: "http://kept.test", preserveHost: true }
        routes:
          - { path: "/{proxy+}", service: api }
          - { path: "/kept/{proxy+}", service: kept }
        """;

    [Fact]
    public async Task Drops_hop_by_hop_headers_including_those_named_by_connection()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        await gateway.HandleAsync(
            Requests.Create("GET", "/a", headers: [("Connection", "keep-alive, X-Hop"), ("X-Hop", "1"), ("Keep-Alive", "timeout=5"), ("TE", "trailers"), ("Upgrade", "h2c"), ("Proxy-Authorization", "Basic x"), ("X-End", "2")]),
            Requests.Anonymous);

        var names = upstream.LastRequest.Headers.Select(h => h.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.Contains("X-End", names);
        foreach (var hop in new[] { "X-Hop", "Keep-Alive", "TE", "Upgrade", "Proxy-Authorization" })
        {
            Assert.DoesNotContain(hop, names);
        }
    }

    [Fact]
    public async Task Forwards_non_ascii_header_values_as_utf8_over_a_real_connection()
    {
        await using var upstream = await TestUpstream.StartAsync(kestrel: options => options.RequestHeaderEncodingSelector = _ => System.Text.Encoding.UTF8);
        var gateway = TestGateway.Build($"services: {{ api: {{ url: \"{upstream.BaseUrl}\" }} }}\nroutes: [ {{ path: \"/{{proxy+}}\", service: api }} ]");

        var response = await gateway.HandleAsync(Requests.Create("GET", "/a", headers: ("X-Note", "café ✓")), Requests.Anonymous);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("café ✓", upstream.Last.Header("X-Note"));
    }

    [Fact]
    public async Task States_the_client_address_scheme_and_host_itself_whatever_the_client_claims()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        await gateway.HandleAsync(Requests.Create("GET", "/a", headers: [("X-Forwarded-For", "198.51.100.1"), ("X-Forwarded-Proto", "gopher")]), Requests.Anonymous);

        var sent = upstream.LastRequest.Headers;
        Assert.Equal("203.0.113.7", sent.GetValues("X-Forwarded-For").Single());
        Assert.Equal("https", sent.GetValues("X-Forwarded-Proto").Single());
        Assert.Equal("api.example.com", sent.GetValues("X-Forwarded-Host").Single());
    }

    [Fact]
    public async Task Sends_the_instance_host_unless_the_service_preserves_the_client_host()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        await gateway.HandleAsync(Requests.Create("GET", "/a", headers: ("Host", "api.example.com")), Requests.Anonymous);
        Assert.Null(upstream.LastRequest.Headers.Host);
        Assert.Equal("upstream.test", upstream.LastRequest.RequestUri!.Host);

        await gateway.HandleAsync(Requests.Create("GET", "/kept/a", headers: ("Host", "api.example.com")), Requests.Anonymous);
        Assert.Equal("api.example.com", upstream.LastRequest.Headers.Host);
    }

    [Fact]
    public async Task Forwards_body_content_headers_and_multi_value_headers()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        await gateway.HandleAsync(
            Requests.Create("POST", "/orders", body: "{\"a\":1}", headers: [("Content-Type", "application/json"), ("Accept", "text/html"), ("Accept", "application/json"), ("Cookie", "a=1; b=2")]),
            Requests.Anonymous);

        Assert.Equal("{\"a\":1}", System.Text.Encoding.UTF8.GetString(upstream.LastBody));
        Assert.Equal("application/json", upstream.LastRequest.Content!.Headers.ContentType!.MediaType);
        Assert.Equal(["text/html", "application/json"], upstream.LastRequest.Headers.GetValues("Accept"));
        Assert.Equal("a=1; b=2", upstream.LastRequest.Headers.GetValues("Cookie").Single());
    }

    [Fact]
    public async Task Drops_header_values_that_could_split_the_request()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/a", headers: [("X-Evil", "a\r\nX-Injected: 1"), ("X-Good", "fine")]), Requests.Anonymous);

        Assert.Equal(200, response.StatusCode);
        Assert.False(upstream.LastRequest.Headers.Contains("X-Evil"));
        Assert.False(upstream.LastRequest.Headers.Contains("X-Injected"));
        Assert.True(upstream.LastRequest.Headers.Contains("X-Good"));
    }

    [Fact]
    public async Task Keeps_the_raw_query_byte_for_byte_and_forwards_the_canonical_path()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        await gateway.HandleAsync(Requests.Create("GET", "/a%20b/%7Euser/%c3%a9", "q=%E2%82%AC&x=a+b&empty=&flag"), Requests.Anonymous);

        Assert.Equal("http://upstream.test/a%20b/~user/%C3%A9?q=%E2%82%AC&x=a+b&empty=&flag", upstream.LastRequest.RequestUri!.OriginalString);
    }
}
