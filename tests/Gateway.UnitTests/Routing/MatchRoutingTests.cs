using Gateway.Http;
using Gateway.Routing;
using Gateway.Testing;

namespace Gateway.UnitTests.Routing;

/// <summary>Routes told apart by <c>match.headers</c> and <c>match.query</c>, and how the configuration checks them.</summary>
public sealed class MatchRoutingTests
{
    private const string Services = "services:\n  v1: { url: http://v1.internal }\n  v2: { url: http://v2.internal }\nroutes:\n";

    private static RouteTable Table(string routes) => new(TestGateway.LoadConfig(Services + routes).Routes);

    private static HeaderCollection Headers(params (string Name, string Value)[] headers)
    {
        var collection = new HeaderCollection();
        foreach (var (name, value) in headers)
        {
            collection.Add(name, value);
        }
        return collection;
    }

    private static string? Served(RouteTable table, string path, HeaderCollection? headers = null, string query = "") =>
        table.Match("GET", path, null, headers, query).Route?.Name;

    [Fact]
    public void More_conditions_win_then_the_unconditioned_route_whatever_the_file_order()
    {
        var table = Table("""
              - { name: fallback, path: "/orders/{id}", service: v1 }
              - { name: version, path: "/orders/{id}", match: { headers: { X-Api-Version: "2" } }, service: v2 }
              - { name: version-beta, path: "/orders/{id}", match: { headers: { X-Api-Version: "2" }, query: { beta: "true" } }, service: v2 }
            """);

        Assert.Equal("fallback", Served(table, "/orders/1"));
        Assert.Equal("fallback", Served(table, "/orders/1", Headers(("X-Api-Version", "3"))));
        Assert.Equal("version", Served(table, "/orders/1", Headers(("x-api-version", "2"))));
        Assert.Equal("version", Served(table, "/orders/1", Headers(("X-Api-Version", "2")), "beta=false"));
        Assert.Equal("version-beta", Served(table, "/orders/1", Headers(("X-Api-Version", "2")), "a=1&beta=true"));
        Assert.Equal("fallback", Served(table, "/orders/1", query: "beta=true"));
    }

    [Fact]
    public void Path_specificity_comes_before_match_conditions()
    {
        var table = Table("""
              - { name: conditioned-param, path: "/orders/{id}", match: { headers: { X-Beta: "*" } }, service: v2 }
              - { name: literal, path: /orders/latest, service: v1 }
            """);

        Assert.Equal("literal", Served(table, "/orders/latest", Headers(("X-Beta", "1"))));
        Assert.Equal("conditioned-param", Served(table, "/orders/7", Headers(("X-Beta", "1"))));
    }

    [Fact]
    public void Star_means_present_with_any_value_and_query_values_compare_decoded()
    {
        var table = Table("""
              - { name: present, path: /a, match: { headers: { X-Canary: "*" } }, service: v2 }
              - { name: query, path: /b, match: { query: { "user name": "Zoë Ä" } }, service: v2 }
            """);

        Assert.Equal("present", Served(table, "/a", Headers(("X-Canary", ""))));
        Assert.Null(Served(table, "/a"));
        Assert.Equal("query", Served(table, "/b", query: "user+name=Zo%C3%AB%20%C3%84"));
        Assert.Equal("query", Served(table, "/b", query: "x&user%20name=Zoë+Ä&"));
        Assert.Null(Served(table, "/b", query: "user+name=Zoe"));
        Assert.Null(Served(table, "/b", query: "user+name"));
    }

    [Fact]
    public void A_route_whose_conditions_fail_counts_for_neither_the_answer_nor_the_405()
    {
        var table = Table("""
              - { name: read, path: /a, methods: [GET], service: v1 }
              - { name: write-v2, path: /a, methods: [POST], match: { headers: { X-Api-Version: "2" } }, service: v2 }
            """);

        var withoutHeader = table.Match("POST", "/a", null, Headers(), "");
        Assert.Equal(RouteMatchOutcome.MethodNotAllowed, withoutHeader.Outcome);
        Assert.Equal("GET, HEAD", withoutHeader.Allow);

        var wrongMethod = table.Match("DELETE", "/a", null, Headers(("X-Api-Version", "2")), "");
        Assert.Equal("GET, HEAD, POST", wrongMethod.Allow);
        Assert.Equal("write-v2", table.Match("POST", "/a", null, Headers(("X-Api-Version", "2")), "").Route!.Name);
    }

    [Fact]
    public async Task The_gateway_forwards_to_the_service_of_the_route_the_conditions_chose()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Services + """
              - { name: fallback, path: "/orders/{id}", service: v1 }
              - { name: version, path: "/orders/{id}", match: { headers: { X-Api-Version: "2" } }, service: v2 }
            """, upstream);

        await gateway.HandleAsync(Requests.Create("GET", "/orders/1", headers: ("X-Api-Version", "2")), Requests.Anonymous);
        Assert.Equal("v2.internal", upstream.LastRequest.RequestUri!.Host);
        await gateway.HandleAsync(Requests.Create("GET", "/orders/1"), Requests.Anonymous);
        Assert.Equal("v1.internal", upstream.LastRequest.RequestUri!.Host);
    }

    [Fact]
    public void Routes_on_one_path_that_differ_only_by_match_are_not_duplicates()
    {
        Assert.Empty(TestGateway.Problems(Services + """
              - { path: "/orders/{id}", service: v1 }
              - { path: "/orders/{id}", match: { headers: { X-Api-Version: "2" } }, service: v2 }
              - { path: "/orders/{id}", match: { headers: { X-Api-Version: "*" } }, service: v2 }
              - { path: "/orders/{id}", match: { query: { X-Api-Version: "2" } }, service: v2 }
              - { path: /lonely, match: { query: { beta: "true" } }, service: v2 }
            """));
    }

    [Fact]
    public void Two_routes_that_can_never_be_told_apart_are_reported()
    {
        var problems = TestGateway.Problems(Services + """
              - { path: "/orders/{id}", match: { headers: { X-Api-Version: "2" }, query: { beta: "true" } }, service: v1 }
              - { path: "/ORDERS/{id}", match: { query: { beta: "true" }, headers: { x-api-version: "2" } }, service: v2 }
            """);

        var problem = Assert.Single(problems);
        Assert.Equal("routes[1].path", problem.Path);
        Assert.Contains("same match conditions, so this route could never be reached", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("match: { headers: { \"bad name\": x } }", "routes[0].match.headers.bad name", "is not a header name")]
    [InlineData("match: { headers: { X-A: \"\" } }", "routes[0].match.headers.X-A", "must not be empty")]
    [InlineData("match: { headers: { X-A: a, x-a: b } }", "routes[0].match.headers.x-a", "is given twice")]
    [InlineData("match: { header: { X-A: a } }", "routes[0].match.header", "unknown field")]
    [InlineData("match: {}", "routes[0].match", "at least one condition")]
    [InlineData("match: { query: [a, b] }", "routes[0].match.query", "mapping")]
    public void Bad_match_configuration_is_reported_where_it_is(string match, string path, string message)
    {
        var problems = TestGateway.Problems(Services + "  - { path: /a, service: v1, " + match + " }\n");

        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }
}
