using System.Net;
using Gateway.Http;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class CorsTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: orders
            path: "/orders/{id}"
            methods: [GET, PUT]
            service: api
            policies:
              cors:
                allowOrigins: [https://app.example.com, "https://*.example.org"]
                allowHeaders: [Content-Type, Authorization]
                exposeHeaders: [X-Request-ID]
                allowCredentials: true
                maxAge: 10m
          - name: public
            path: /public
            methods: [GET]
            service: api
            policies:
              cors: { allowOrigins: ["*"] }
          - name: no-cors
            path: /plain
            methods: [GET]
            service: api
        """;

    private static GatewayResponse Send(StubUpstreamHandler upstream, string method, string path, params (string, string)[] headers) =>
        TestGateway.Build(Config, upstream).HandleAsync(Requests.Create(method, path, headers: headers), Requests.Anonymous).AsTask().Result;

    private static (string, string)[] Preflight(string origin, string method, string? headers = null) =>
        headers is null
            ? [("Origin", origin), ("Access-Control-Request-Method", method)]
            : [("Origin", origin), ("Access-Control-Request-Method", method), ("Access-Control-Request-Headers", headers)];

    [Fact]
    public void A_preflight_is_answered_by_the_gateway_even_though_the_route_does_not_list_options()
    {
        var upstream = new StubUpstreamHandler();

        var response = Send(upstream, "OPTIONS", "/orders/7", Preflight("https://app.example.com", "PUT", "content-type, authorization"));

        Assert.Equal(204, response.StatusCode);
        Assert.Empty(upstream.Requests);
        Assert.Equal("https://app.example.com", response.Headers.Get("Access-Control-Allow-Origin"));
        Assert.Equal("GET, HEAD, PUT", response.Headers.Get("Access-Control-Allow-Methods"));
        Assert.Equal("Content-Type, Authorization", response.Headers.Get("Access-Control-Allow-Headers"));
        Assert.Equal("true", response.Headers.Get("Access-Control-Allow-Credentials"));
        Assert.Equal("600", response.Headers.Get("Access-Control-Max-Age"));
        Assert.Equal("Origin", response.Headers.Get("Vary"));
        Assert.NotNull(response.Headers.Get("X-Request-ID"));
    }

    [Theory]
    [InlineData("https://evil.example.com", "PUT", null, "the origin https://evil.example.com is not allowed")]
    [InlineData("https://app.example.com", "GET", "x-debug", "the header x-debug is not allowed")]
    [InlineData("https://example.org", "GET", null, "the origin https://example.org is not allowed")]
    public void A_preflight_outside_the_rules_is_refused_with_a_json_error(string origin, string method, string? headers, string reason)
    {
        var upstream = new StubUpstreamHandler();

        var response = Send(upstream, "OPTIONS", "/orders/7", Preflight(origin, method, headers));

        Assert.Equal(403, response.StatusCode);
        Assert.Contains(reason, Requests.BodyText(response), StringComparison.Ordinal);
        Assert.Null(response.Headers.Get("Access-Control-Allow-Origin"));
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public void A_preflight_for_a_method_no_route_serves_stays_a_405()
    {
        var response = Send(new StubUpstreamHandler(), "OPTIONS", "/orders/7", Preflight("https://app.example.com", "DELETE"));

        Assert.Equal(405, response.StatusCode);
        Assert.Equal("GET, HEAD, PUT", response.Headers.Get("Allow"));
    }

    [Fact]
    public void A_route_without_cors_does_not_answer_preflights()
    {
        var upstream = new StubUpstreamHandler();

        var response = Send(upstream, "OPTIONS", "/plain", Preflight("https://app.example.com", "GET"));

        Assert.Equal(405, response.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public void Subdomain_origins_match_any_subdomain_but_not_the_bare_domain_or_another_port()
    {
        var upstream = new StubUpstreamHandler();

        Assert.Equal(204, Send(upstream, "OPTIONS", "/orders/7", Preflight("https://shop.eu.example.org", "GET")).StatusCode);
        Assert.Equal(403, Send(upstream, "OPTIONS", "/orders/7", Preflight("https://shop.example.org:8443", "GET")).StatusCode);
        Assert.Equal(403, Send(upstream, "OPTIONS", "/orders/7", Preflight("http://shop.example.org", "GET")).StatusCode);
    }

    [Fact]
    public void Actual_requests_from_an_allowed_origin_get_the_headers_and_the_upstreams_own_cors_headers_are_replaced()
    {
        var upstream = new StubUpstreamHandler(_ =>
        {
            var answer = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
            answer.Headers.Add("Access-Control-Allow-Origin", "*");
            return answer;
        });

        var allowed = Send(upstream, "GET", "/orders/7", ("Origin", "https://app.example.com"));
        var other = Send(upstream, "GET", "/orders/7", ("Origin", "https://evil.example.com"));

        Assert.Equal("https://app.example.com", allowed.Headers.Get("Access-Control-Allow-Origin"));
        Assert.Equal("X-Request-ID", allowed.Headers.Get("Access-Control-Expose-Headers"));
        Assert.Equal("true", allowed.Headers.Get("Access-Control-Allow-Credentials"));
        Assert.Equal(200, other.StatusCode);
        Assert.Null(other.Headers.Get("Access-Control-Allow-Origin"));
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public void Any_origin_without_credentials_answers_star_and_reflects_the_requested_headers()
    {
        var response = Send(new StubUpstreamHandler(), "OPTIONS", "/public", Preflight("https://anyone.test", "GET", "X-Custom"));

        Assert.Equal(204, response.StatusCode);
        Assert.Equal("*", response.Headers.Get("Access-Control-Allow-Origin"));
        Assert.Equal("X-Custom", response.Headers.Get("Access-Control-Allow-Headers"));
        Assert.Equal("Access-Control-Request-Headers", response.Headers.Get("Vary"));
    }

    [Fact]
    public void Errors_the_route_answers_still_carry_the_cors_headers()
    {
        var upstream = new StubUpstreamHandler(_ => throw new HttpRequestException("refused", null, HttpStatusCode.BadGateway) );

        var response = Send(upstream, "GET", "/orders/7", ("Origin", "https://app.example.com"));

        Assert.Equal(502, response.StatusCode);
        Assert.Equal("https://app.example.com", response.Headers.Get("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("allowOrigins: [\"*\"], allowCredentials: true", "browsers refuse credentials with the origin *")]
    [InlineData("allowOrigins: [https://app.example.com/path]", "is not an origin")]
    [InlineData("allowMethods: [GET]", "allowOrigins: is required")]
    [InlineData("allowOrigins: [https://a.test], maxAge: 2d", "must be between 0s and 1d")]
    public void Invalid_cors_settings_are_configuration_errors(string settings, string expected)
    {
        var problems = TestGateway.PolicyProblems("cors", $"{{ {settings} }}");

        Assert.Contains(problems, p => p.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
