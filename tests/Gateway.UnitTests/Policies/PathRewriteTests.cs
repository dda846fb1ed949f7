using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class PathRewriteTests
{
    private static string Config(string pattern, string replacement, string path = "/api/{proxy+}") => $"""
        services:
          api: {"{"} url: "http://upstream.test/base" {"}"}
        routes:
          - name: api
            path: "{path}"
            stripPrefix: /api
            service: api
            policies:
              requestPath: {"{"} pattern: '{pattern}', replacement: '{replacement}' {"}"}
        """;

    private static async Task<(int Status, string? Forwarded, string Body)> SendAsync(string config, string path)
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(config, upstream);
        var response = await gateway.HandleAsync(Requests.Create("GET", path, query: "q=1"), Requests.Anonymous);
        return (response.StatusCode, upstream.Requests.Count == 0 ? null : upstream.LastRequest.RequestUri!.OriginalString, Requests.BodyText(response));
    }

    [Fact]
    public async Task Rewrites_the_path_after_the_prefix_is_stripped_with_numbered_and_named_captures()
    {
        var (status, forwarded, _) = await SendAsync(Config(@"^/v1/orders/(?<id>[^/]+)/(\w+)$", "/v2/${id}/$1"), "/api/v1/orders/o%2D7/items");

        Assert.Equal(200, status);
        // %2D is an escaped '-', an unreserved character: the canonical path spells it plainly.
        Assert.Equal("http://upstream.test/base/v2/o-7/items?q=1", forwarded);
    }

    [Fact]
    public async Task A_path_the_pattern_does_not_match_is_forwarded_as_it_is()
    {
        var (_, forwarded, _) = await SendAsync(Config("^/v1/(.*)$", "/v2/$1"), "/api/health");

        Assert.Equal("http://upstream.test/base/health?q=1", forwarded);
    }

    [Theory]
    [InlineData("/api/a/.-.", "dot segment")]       // captures assemble "/.."
    [InlineData("/api/a/%2e-%2e", "dot segment")]   // …or its encoded form
    [InlineData("/api/a/%2-e", "%XX escape")]       // "%2" + "e" would decode to "."; a broken escape is refused
    public async Task A_rewrite_that_assembles_a_dot_segment_is_refused_and_never_forwarded(string path, string expected)
    {
        var (status, forwarded, body) = await SendAsync(Config("^/a/(.*)-(.*)$", "/$1$2/x"), path);

        Assert.Equal(400, status);
        Assert.Null(forwarded);
        Assert.Contains("\"code\":\"invalid_path\"", body, StringComparison.Ordinal);
        Assert.Contains(expected, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doubled_slashes_a_rewrite_produces_are_collapsed()
    {
        var (_, forwarded, _) = await SendAsync(Config("^/a/(.*)$", "//b//$1"), "/api/a/c");

        Assert.Equal("http://upstream.test/base/b/c?q=1", forwarded);
    }

    [Theory]
    [InlineData("(unclosed", "/x", "pattern: is not a valid regular expression")]
    [InlineData("^/(a)$", "/x/$2", "refers to $2, which the pattern does not capture")]
    [InlineData("^/(?<id>a)$", "/x/${nope}", "refers to $nope")]
    [InlineData("^/(a)$", "x/$1", "must start with '/'")]
    [InlineData("^/(a)$", "/x?y=$1", "must not contain '?' or '#'")]
    public void Invalid_rewrites_are_configuration_errors(string pattern, string replacement, string expected)
    {
        Assert.Contains(TestGateway.Problems(Config(pattern, replacement)), p => p.ToString().Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_literal_dollar_is_not_a_capture_reference()
    {
        Assert.Empty(TestGateway.Problems(Config("^/(a)$", "/cost/$$1")));
    }
}
