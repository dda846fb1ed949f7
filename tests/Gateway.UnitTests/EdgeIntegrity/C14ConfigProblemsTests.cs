using Gateway.Configuration;
using Gateway.Policies;

namespace Gateway.UnitTests.EdgeIntegrity;

/// <summary>
/// Class 14 of issue 11: <c>config validate</c> lists every problem, so one problem in a route never hides another.
/// Each mistake below is reported alone; every pair of them, made in the same route, must report both (the
/// reported case was an unknown service hiding a bad duration). Unknown field and policy names, and values outside
/// a fixed set of words, get a did-you-mean.
/// </summary>
public sealed class C14ConfigProblemsTests
{
    private const string Valid = """
        services:
          api: { url: "http://127.0.0.1:9" }
        routes:
          - name: orders
            path: "/orders/{id}"
            methods: [GET]
            service: api
            host: api.example.com
            stripPrefix: /orders
            auth: { type: jwt, scopes: [orders:read] }
            timeouts: { read: 2s }
            policies:
              requestSizeLimit: { maxBody: 1KB }
              rateLimit: { limits: [{ name: per-ip, by: ip, requests: 5, per: 1s }] }
            # extra
        auth:
          jwt: { issuer: "https://issuer.test", audience: orders }
        """;

    /// <summary>One mistake each: the line it replaces, the bad line, and the field the problem must name.</summary>
    private static readonly (string Line, string Bad, string Field)[] Mistakes =
    [
        ("path: \"/orders/{id}\"", "path: \"orders/{id\"", "routes[0].path"),
        ("methods: [GET]", "methods: [\"G ET\"]", "routes[0].methods"),
        ("service: api", "service: apj", "routes[0].service"),
        ("host: api.example.com", "host: \"bad host!\"", "routes[0].host"),
        ("stripPrefix: /orders", "stripPrefix: orders/", "routes[0].stripPrefix"),
        ("auth: { type: jwt, scopes: [orders:read] }", "auth: { type: jwtt, scopes: [orders:read] }", "routes[0].auth.type"),
        ("timeouts: { read: 2s }", "timeouts: { read: 5 parsecs }", "routes[0].timeouts.read"),
        ("requestSizeLimit: { maxBody: 1KB }", "requestSizeLimit: { maxBody: lots }", "routes[0].policies.requestSizeLimit.maxBody"),
        ("rateLimit: { limits: [{ name: per-ip, by: ip, requests: 5, per: 1s }] }", "rateLimit: { limits: [{ name: per-ip, by: ipp, requests: 5, per: 1s }] }", "routes[0].policies.rateLimit.limits[0].by"),
        ("# extra", "methds: [GET]", "routes[0].methds"),
    ];

    public static TheoryData<int> Each => [.. Enumerable.Range(0, Mistakes.Length)];

    public static TheoryData<int, int> Pairs()
    {
        var pairs = new TheoryData<int, int>();
        for (var a = 0; a < Mistakes.Length; a++)
        {
            for (var b = a + 1; b < Mistakes.Length; b++)
            {
                pairs.Add(a, b);
            }
        }
        return pairs;
    }

    [Fact]
    public void The_base_configuration_is_valid() => Assert.Empty(Problems(Valid));

    [Theory]
    [MemberData(nameof(Each))]
    public void Each_mistake_alone_is_reported_at_its_field(int mistake) =>
        Assert.Contains(Mistakes[mistake].Field, Fields(With(mistake)));

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Two_mistakes_in_one_route_are_both_reported(int first, int second)
    {
        var fields = Fields(With(first, second));

        Assert.Contains(Mistakes[first].Field, fields);
        Assert.Contains(Mistakes[second].Field, fields);
    }

    [Theory]
    [InlineData("# extra", "methds: [GET]", "routes[0].methds", "did you mean \"methods\"?")]
    [InlineData("auth: { type: jwt, scopes: [orders:read] }", "auth: { type: jwt, scope: [orders:read] }", "routes[0].auth.scope", "did you mean \"scopes\"?")]
    [InlineData("requestSizeLimit: { maxBody: 1KB }", "requestSizeLimits: { maxBody: 1KB }", "routes[0].policies.requestSizeLimits", "did you mean \"requestSizeLimit\"?")]
    [InlineData("timeouts: { read: 2s }", "timeouts: { raed: 2s }", "routes[0].timeouts.raed", "did you mean \"read\"?")]
    [InlineData("auth: { type: jwt, scopes: [orders:read] }", "auth: { type: jtw, scopes: [orders:read] }", "routes[0].auth.type", "did you mean \"jwt\"?")]
    public void Unknown_names_get_a_did_you_mean(string line, string bad, string field, string suggestion)
    {
        var problem = Assert.Single(Problems(Valid.Replace(line, bad, StringComparison.Ordinal)), p => p.Path == field);

        Assert.Contains(suggestion, problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_field_far_from_every_known_one_lists_them_without_a_guess()
    {
        var problem = Assert.Single(Problems(Valid.Replace("# extra", "zzzzzzzz: 1", StringComparison.Ordinal)));

        Assert.DoesNotContain("did you mean", problem.Message, StringComparison.Ordinal);
        Assert.Contains("expected one of: name, path", problem.Message, StringComparison.Ordinal);
    }

    private static string With(params int[] mistakes) =>
        mistakes.Aggregate(Valid, (yaml, index) => yaml.Replace(Mistakes[index].Line, Mistakes[index].Bad, StringComparison.Ordinal));

    private static IReadOnlyList<ConfigProblem> Problems(string yaml) =>
        new GatewayConfigLoader(PolicyCatalog.Default, _ => null).Parse(yaml, "c14.yaml").Problems;

    private static string[] Fields(string yaml) => Problems(yaml).Select(problem => problem.Path).ToArray();
}
