using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Lambda;
using Gateway.Policies.Edge.Schema;
using Gateway.Testing;

namespace Gateway.UnitTests.EdgeIntegrity;

/// <summary>
/// Class 6 of issue 11: request validation costs O(n log n) in the body's size whatever the body, on both hosts.
/// <c>uniqueItems</c> hashes canonical forms instead of comparing every pair (and is skipped once <c>maxItems</c>
/// failed); <c>enum</c> and <c>const</c> compare one canonical form by hash; <c>pattern</c> runs without backtracking,
/// so a pattern such as <c>^(a+)+$</c> cannot be driven into exponential time. Costs per KB are measured in
/// <c>SchemaValidationBenchmarks</c>; these tests hold the behaviour and a coarse time bound that the old
/// validator missed by orders of magnitude.
/// </summary>
public sealed class C06SchemaValidationCostTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: bounded
            path: /bounded
            methods: [POST]
            service: api
            policies:
              requestValidation:
                schema: { type: array, maxItems: 10, uniqueItems: true }
          - name: unique
            path: /unique
            methods: [POST]
            service: api
            policies:
              requestValidation:
                schema: { type: array, uniqueItems: true }
          - name: pattern
            path: /pattern
            methods: [POST]
            service: api
            policies:
              requestValidation:
                schema: { type: array, items: { type: string, pattern: "^(a+)+$" } }
          - name: enum
            path: /enum
            methods: [POST]
            service: api
            policies:
              requestValidation:
                schema:
                  type: array
                  items: { enum: [{ kind: a, tags: [x, y] }, { kind: b, tags: [] }, 1.5] }
        """;

    // The old validator spent minutes on these (50,000² / 2 comparisons; a 100 ms regex timeout per string); a
    // bound this loose holds on a loaded machine and still fails it by far.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(3);

    /// <summary>[0,1,…,49999] (about 290 KB): all distinct, so every pair would have been compared.</summary>
    private static readonly string DistinctNumbers = "[" + string.Join(',', Enumerable.Range(0, 50_000)) + "]";

    /// <summary>A thousand strings that make a backtracking "^(a+)+$" try every split of 30 a's.</summary>
    private static readonly string Catastrophic = JsonSerializer.Serialize(Enumerable.Repeat(new string('a', 30) + "!", 1000));

    private readonly StubUpstreamHandler _upstream = new();

    public static TheoryData<string, string, string> Adversarial => new()
    {
        { "/bounded", DistinctNumbers, "(the body): must have at most 10 items" },
        { "/unique", DistinctNumbers[..^1] + ",49999]", "(the body): must not repeat items" },
        { "/pattern", Catastrophic, "[0]: must match the pattern ^(a+)+$" },
        { "/enum", "[" + string.Join(',', Enumerable.Repeat("""{"tags":["x","y"],"kind":"a"}""", 20_000)) + ",1.25]", "[20000]: must be one of" },
    };

    [Theory]
    [MemberData(nameof(Adversarial))]
    public async Task Serve_refuses_an_adversarial_body_quickly_with_the_failing_path(string path, string body, string problem)
    {
        await using var server = await GatewayServer.StartAsync(TestGateway.LoadConfig(Config));
        using var warmUp = await server.Client.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));

        var clock = Stopwatch.StartNew();
        using var response = await server.Client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        clock.Stop();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertProblem(await response.Content.ReadAsStringAsync(), problem);
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
    }

    [Theory]
    [MemberData(nameof(Adversarial))]
    public async Task The_proxy_function_refuses_an_adversarial_body_quickly_with_the_failing_path(string path, string body, string problem)
    {
        var function = new ProxyFunction(TestGateway.Build(Config, _upstream));
        await InvokeAsync(function, path, "{}");

        var clock = Stopwatch.StartNew();
        var response = await InvokeAsync(function, path, body);
        clock.Stop();

        Assert.Equal(400, response.GetProperty("statusCode").GetInt32());
        AssertProblem(response.GetProperty("body").GetString()!, problem);
        Assert.True(clock.Elapsed < Bound, $"took {clock.Elapsed}");
        Assert.Empty(_upstream.Requests);
    }

    [Theory]
    [InlineData("1", "1.0")]
    [InlineData("1", "10e-1")]
    [InlineData("100", "1e2")]
    [InlineData("0", "-0.0")]
    [InlineData("0.5", "5E-1")]
    [InlineData("\"a\"", "\"\\u0061\"")]
    [InlineData("""{"a":1,"b":[true,null]}""", """{"b":[true,null],"a":1.00}""")]
    [InlineData("1e400", "10e399")]
    public void Canonical_forms_are_equal_exactly_when_JSON_values_are(string left, string right) =>
        AssertSameEquality(left, right, expected: true);

    [Theory]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("1", "\"1\"")]
    [InlineData("[1,2]", "[2,1]")]
    [InlineData("""{"a":1}""", """{"a":1,"b":1}""")]
    [InlineData("""{"ab":"c"}""", """{"a":"bc"}""")]
    [InlineData("""["s1:a"]""", """["s1:a","s1:a"]""")]
    [InlineData("0.1", "1")]
    [InlineData("true", "1")]
    public void Canonical_forms_differ_when_JSON_values_do(string left, string right) =>
        AssertSameEquality(left, right, expected: false);

    [Theory]
    [InlineData("(a)\\\\1")]
    [InlineData("(?=a)b")]
    [InlineData("(?>a+)b")]
    public void A_pattern_that_needs_backtracking_is_refused_at_load(string pattern)
    {
        var result = new Gateway.Configuration.GatewayConfigLoader(Gateway.Policies.PolicyCatalog.Default, _ => null).Parse($$"""
            services: { api: { url: "http://upstream.test" } }
            routes:
              - { path: /a, service: api, policies: { requestValidation: { schema: { type: string, pattern: "{{pattern}}" } } } }
            """, "c06.yaml");

        var problem = Assert.Single(result.Problems);
        Assert.Equal("routes[0].policies.requestValidation.schema.pattern", problem.Path);
        Assert.StartsWith("uses a construct that cannot be matched in linear time", problem.Message, StringComparison.Ordinal);
    }

    private static void AssertSameEquality(string left, string right, bool expected)
    {
        using var a = JsonDocument.Parse(left);
        using var b = JsonDocument.Parse(right);
        Assert.Equal(expected, JsonElement.DeepEquals(a.RootElement, b.RootElement));
        Assert.Equal(expected, CanonicalJson.Of(a.RootElement) == CanonicalJson.Of(b.RootElement));
    }

    private static void AssertProblem(string errorBody, string problem)
    {
        using var error = JsonDocument.Parse(errorBody);
        Assert.Equal("invalid_request", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains(": " + problem, error.RootElement.GetProperty("error").GetProperty("message").GetString()!, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> InvokeAsync(ProxyFunction function, string path, string body)
    {
        var request = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.AwsEventFixtures, "http-api-v2-request.json")))!.AsObject();
        request["rawPath"] = path;
        request["rawQueryString"] = string.Empty;
        request["routeKey"] = "$default";
        request["requestContext"]!["http"]!["method"] = "POST";
        request["requestContext"]!["http"]!["path"] = path;
        request["body"] = body;
        request["isBase64Encoded"] = false;
        await using var output = await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(request.ToJsonString())));
        return JsonDocument.Parse(output).RootElement.Clone();
    }
}
