using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.UnitTests.Routing;

public sealed class RouteTableTests
{
    private static RouteTable Table(string routes) =>
        new(TestGateway.LoadConfig("services:\n  s: { url: http://s.internal }\nroutes:\n" + routes).Routes);

    [Fact]
    public void The_most_specific_route_wins_whatever_the_file_order()
    {
        var table = Table("""
              - { name: catch-all, path: "/{proxy+}", service: s }
              - { name: param, path: "/orders/{id}", service: s }
              - { name: literal, path: /orders/latest, service: s }
              - { name: nested-catch-all, path: "/orders/{proxy+}", service: s }
            """);

        Assert.Equal("literal", table.Match("GET", "/orders/latest", null).Route!.Name);
        Assert.Equal("param", table.Match("GET", "/orders/42", null).Route!.Name);
        Assert.Equal("nested-catch-all", table.Match("GET", "/orders/42/items", null).Route!.Name);
        Assert.Equal("catch-all", table.Match("GET", "/customers/7", null).Route!.Name);
    }

    [Fact]
    public void Captures_parameters_percent_decoded()
    {
        var table = Table("""
              - { path: "/orders/{id}/items/{item}", service: s }
              - { path: "/files/{path+}", service: s }
            """);

        var match = table.Match("GET", "/orders/a%20b/items/7", null);
        Assert.Equal("a b", match.Values.Get("id"));
        Assert.Equal("7", match.Values.Get("item"));
        Assert.Equal("docs/read me.txt", table.Match("GET", "/files/docs/read%20me.txt", null).Values.Get("path"));
    }

    [Fact]
    public void Routes_starting_with_a_parameter_compete_with_the_literal_routes_of_every_first_segment()
    {
        var table = Table("""
              - { name: tenant, path: "/{tenant}/orders", service: s }
              - { name: orders, path: "/orders/{id}", service: s }
              - { name: root, path: /, service: s }
            """);

        Assert.Equal("orders", table.Match("GET", "/orders/orders", null).Route!.Name);
        Assert.Equal("orders", table.Match("GET", "/ORDERS/7/", null).Route!.Name);
        Assert.Equal("tenant", table.Match("GET", "/acme/orders", null).Route!.Name);
        Assert.Equal(RouteMatchOutcome.NotFound, table.Match("GET", "/orders/7/x", null).Outcome);
        Assert.Equal("root", table.Match("GET", "/", null).Route!.Name);
        Assert.Equal(RouteMatchOutcome.NotFound, table.Match("GET", "/acme", null).Outcome);
    }

    [Fact]
    public void Unknown_path_is_not_found_and_wrong_method_is_not_allowed_with_allow()
    {
        var table = Table("""
              - { path: "/orders/{id}", methods: [GET], service: s }
              - { path: "/orders/{id}", methods: [PUT, DELETE], service: s }
            """);

        Assert.Equal(RouteMatchOutcome.NotFound, table.Match("GET", "/customers", null).Outcome);
        var notAllowed = table.Match("POST", "/orders/1", null);
        Assert.Equal(RouteMatchOutcome.MethodNotAllowed, notAllowed.Outcome);
        Assert.Equal("DELETE, GET, HEAD, PUT", notAllowed.Allow);
    }

    [Fact]
    public void A_less_specific_route_that_allows_the_method_serves_it()
    {
        var table = Table("""
              - { name: read, path: "/orders/{id}", methods: [GET], service: s }
              - { name: any, path: "/orders/{proxy+}", service: s }
            """);

        Assert.Equal("any", table.Match("POST", "/orders/1", null).Route!.Name);
    }

    [Fact]
    public void Head_is_served_by_get_routes()
    {
        var table = Table("""
              - { path: /a, methods: [GET], service: s }
            """);

        Assert.Equal(RouteMatchOutcome.Matched, table.Match("HEAD", "/a", null).Outcome);
    }

    [Fact]
    public void Host_specific_routes_win_and_only_serve_their_host()
    {
        var table = Table("""
              - { name: any-host, path: /a, service: s }
              - { name: exact, path: /a, host: api.example.com, service: s }
              - { name: wildcard, path: /b, host: "*.example.com", service: s }
            """);

        Assert.Equal("exact", table.Match("GET", "/a", "api.example.com").Route!.Name);
        Assert.Equal("any-host", table.Match("GET", "/a", "other.test").Route!.Name);
        Assert.Equal("wildcard", table.Match("GET", "/b", "eu.example.com").Route!.Name);
        Assert.Equal(RouteMatchOutcome.NotFound, table.Match("GET", "/b", "example.com").Outcome);
    }

    [Theory]
    [InlineData("api.example.com:99999x")]
    [InlineData("api.example.com:")]
    [InlineData("api.example.com:443:")]
    [InlineData("evil.test:api.example.com")]
    public void A_host_whose_port_is_not_a_number_matches_no_host_route(string host)
    {
        var table = Table("""
              - { name: exact, path: /a, host: api.example.com, service: s }
            """);

        Assert.Equal(RouteMatchOutcome.NotFound, table.Match("GET", "/a", host).Outcome);
    }

    [Theory]
    [InlineData("/orders", "/orders", true)]
    [InlineData("/orders", "/orders/", true)]
    [InlineData("/orders", "/Orders", false)]
    [InlineData("/orders/{id}", "/orders/", false)]
    [InlineData("/orders/{id}", "/orders/1/2", false)]
    [InlineData("/{proxy+}", "/", false)]
    [InlineData("/api/{proxy+}", "/api", false)]
    [InlineData("/api/{proxy+}", "/api/x", true)]
    [InlineData("/", "/", true)]
    [InlineData("/", "/a", false)]
    public void Matches_templates_like_api_gateway(string template, string path, bool matches)
    {
        Assert.True(RouteTemplate.TryParse(template, out var parsed, out _));
        Span<Range> captures = stackalloc Range[4];
        Assert.Equal(matches, parsed!.TryMatch(path, captures));
    }

    [Fact]
    public void Literal_segments_match_in_any_case_unless_the_gateway_is_case_sensitive()
    {
        var config = TestGateway.LoadConfig("""
            services: { s: { url: http://s.internal } }
            routes:
              - { name: admin, path: "/admin/{proxy+}", service: s }
              - { name: public, path: "/{proxy+}", service: s }
            """);

        Assert.Equal("admin", new RouteTable(config.Routes).Match("GET", "/ADMIN/users", null).Route!.Name);
        Assert.Equal("public", new RouteTable(config.Routes, caseSensitive: true).Match("GET", "/ADMIN/users", null).Route!.Name);
    }

    [Theory]
    [InlineData("/admin/{proxy+}", "/ADMIN/Users", "/admin/Users")]
    [InlineData("/orders/{id}/items", "/Orders/AbC/ITEMS/", "/orders/AbC/items/")]
    [InlineData("/matrix/{id}", "/MATRIX;v=1/7;w=2", "/matrix;v=1/7;w=2")]
    [InlineData("/matrix/{id}", "/Matrix%3Bv=1/7", "/matrix%3Bv=1/7")]
    [InlineData("/orders", "/orders", "/orders")]
    public void A_path_matched_in_another_case_is_spelled_as_the_template_spells_its_literals(string template, string path, string spelled)
    {
        Assert.True(RouteTemplate.TryParse(template, out var parsed, out _));
        Assert.Equal(spelled, parsed!.SpellLiterals(path));
    }

    [Fact]
    public void Routes_that_differ_only_in_case_are_one_route_unless_the_gateway_is_case_sensitive()
    {
        const string Routes = """
            services: { s: { url: http://s.internal } }
            routes:
              - { name: upper, path: /Admin, service: s }
              - { name: lower, path: /admin, service: s }
            """;

        Assert.Contains(TestGateway.Problems(Routes), problem => problem.Message.Contains("already serves /admin", StringComparison.Ordinal));
        Assert.Empty(TestGateway.Problems("gateway: { caseSensitive: true }\n" + Routes));
    }

    [Theory]
    [InlineData("orders", "must start with '/'")]
    [InlineData("/a//b", "empty segment")]
    [InlineData("/a/{id", "closing")]
    [InlineData("/a/x{id}", "whole segment")]
    [InlineData("/a/{proxy+}/b", "last segment")]
    [InlineData("/{id}/{id}", "appears twice")]
    [InlineData("/{bad-name}", "letters, digits")]
    [InlineData("/{a}/{b}/{c}/{d}/{e}/{f}/{g}/{h}/{i}/{j}/{k}/{l}/{m}/{n}/{o}/{p}/{q+}", "at most 16")]
    public void Rejects_malformed_templates(string template, string error)
    {
        Assert.False(RouteTemplate.TryParse(template, out _, out var message));
        Assert.Contains(error, message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_a_template_with_the_most_parameters_a_path_may_have()
    {
        var template = "/" + string.Join('/', Enumerable.Range(0, RouteTemplate.MaxParameters).Select(i => $"{{p{i}}}"));
        var table = Table($"  - {{ path: \"{template}\", service: s }}");

        var match = table.Match("GET", "/" + string.Join('/', Enumerable.Range(0, RouteTemplate.MaxParameters)), null);

        Assert.Equal(RouteMatchOutcome.Matched, match.Outcome);
        Assert.Equal("15", match.Values.Get("p15"));
    }
}
