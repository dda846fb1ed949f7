using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Edge;
using Gateway.HostileInputTests.Requests;
using Gateway.Testing;

namespace Gateway.HostileInputTests;

/// <summary>
/// The edge invariant judges what a gateway let through, so it must itself tell a faithful forward from each way a
/// gateway could get one wrong: here it judges hand-made upstream requests, without any gateway.
/// </summary>
public sealed class EdgeInvariantTests
{
    private const string Client = "198.51.100.7";
    private const string RequestId = "req-1";

    private static readonly EdgeCredential Valid = new("valid token", "token", new Dictionary<string, string> { ["X-User-ID"] = "user-1", ["X-Tenant-ID"] = "acme" });

    private static readonly HostResponse Ok = new(200, [KeyValuePair.Create("X-Request-ID", RequestId)], "{}"u8.ToArray());

    [Fact]
    public void A_faithful_forward_of_a_public_request_passes()
    {
        Assert.Empty(Judge(Case("GET", "/items/42"), Received("GET", "/svc-edge/items/42")));
    }

    [Fact]
    public void A_faithful_forward_of_a_protected_request_with_its_identity_passes()
    {
        var received = Received("GET", "/svc-edge/admin/users", ("X-User-ID", "user-1"), ("X-Tenant-ID", "acme"));

        Assert.Empty(Judge(Case("GET", "/ADMIN/users", Valid), received));
    }

    [Theory]
    [InlineData("GET", "/svc-edge/%61dmin/users", "bypass")]
    [InlineData("GET", "/svc-edge/ADMIN/users", "bypass")]
    [InlineData("GET", "/svc-edge/admin;x/users", "bypass")]
    [InlineData("GET", "/svc-edge/admin%3Bx/users", "bypass")]
    [InlineData("GET", "/svc-edge/x/%2e%2e/admin/users", "bypass")]
    [InlineData("DELETE", "/svc-edge/items/a%2Fb", "bypass")]
    [InlineData("delete", "/svc-edge/items/42", "bypass")]
    public void A_request_an_upstream_reads_as_protected_is_a_bypass_without_a_token(string method, string target, string expected)
    {
        var problems = Judge(Case(method, target["/svc-edge".Length..]), Received(method, target));

        Assert.Contains(problems, problem => problem.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_method_override_is_read_as_the_method_and_must_not_arrive()
    {
        var problems = Judge(Case("POST", "/items/42"), Received("POST", "/svc-edge/items/42", ("X-HTTP-Method-Override", "DELETE")));

        Assert.Contains(problems, problem => problem.StartsWith("bypass", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains("only the gateway states that", StringComparison.Ordinal));
    }

    [Fact]
    public void A_host_read_through_uts46_reaches_the_host_bound_route()
    {
        var request = new HostileRequest { Target = "/dash", Host = "ａｄｍｉｎ.example.com" };
        var received = Received("GET", "/svc-edge/dash") with { Headers = Headers(("X-Forwarded-Host", "ＡＤＭＩＮ.example.com.")) };

        Assert.Contains(Judge(new EdgeCase("c", request, EdgeCredential.None, null, null), received), problem => problem.StartsWith("bypass", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("X-User-ID", "forged")]
    [InlineData("X_User_ID", "user-1")]
    [InlineData("X-Forwarded-Prefix", "/admin")]
    [InlineData("Forwarded", "for=6.6.6.6")]
    [InlineData("X-Original-URL", "/admin/users")]
    public void A_header_only_the_gateway_may_state_must_not_arrive_from_the_client(string name, string value)
    {
        Assert.NotEmpty(Judge(Case("GET", "/items/42"), Received("GET", "/svc-edge/items/42", (name, value))));
    }

    [Fact]
    public void Identity_and_the_transform_header_must_all_arrive_on_a_protected_area()
    {
        var problems = Judge(Case("GET", "/transformed/x", Valid), Received("GET", "/svc-edge/transformed/x", ("X-User-ID", "user-1")));

        Assert.Contains(problems, problem => problem.Contains("X-Tenant-ID", StringComparison.Ordinal));
        Assert.Contains(problems, problem => problem.Contains(CorpusGateway.TransformHeader, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/svc-edge/items/%3a", "upper-case hex")]
    [InlineData("/svc-edge/items/%34%32", "unreserved")]
    [InlineData("/svc-edge/items//42", "doubled slash")]
    [InlineData("/svc-edge/Items/42", "literal segment")]
    [InlineData("/svc-edge/items/42;x", "';parameters'")]
    public void A_path_that_is_not_canonical_is_found(string target, string expected)
    {
        var problems = Judge(Case("GET", target["/svc-edge".Length..]), Received("GET", target));

        Assert.Contains(problems, problem => problem.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void A_refusal_must_reach_nothing_and_be_a_4xx_in_the_error_shape()
    {
        var item = Case("GET", "/admin/users");
        var refusal = new HostResponse(401, [KeyValuePair.Create("X-Request-ID", RequestId), KeyValuePair.Create("Content-Type", "application/json")],
            """{"error":{"code":"unauthorized","message":"no","requestId":"req-1"}}"""u8.ToArray());

        Assert.Empty(EdgeInvariant.Verify(item, kestrel: false, Client, refusal, []));
        Assert.NotEmpty(EdgeInvariant.Verify(item, kestrel: false, Client, Ok, []));
        Assert.NotEmpty(EdgeInvariant.Verify(item, kestrel: false, Client, refusal with { Body = "denied"u8.ToArray() }, []));
    }

    private static EdgeCase Case(string method, string path, EdgeCredential? credential = null) =>
        new("c", new HostileRequest { Method = method, Target = path }, credential ?? EdgeCredential.None, null, null);

    private static ReceivedRequest Received(string method, string target, params (string Name, string Value)[] headers) =>
        new(method, target, Headers(headers), []);

    /// <summary>The gateway's own headers, then <paramref name="extra"/> (a later name replaces the gateway's).</summary>
    private static Dictionary<string, string[]> Headers(params (string Name, string Value)[] extra)
    {
        var headers = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Request-ID"] = [RequestId], ["X-Forwarded-For"] = [Client], ["X-Forwarded-Proto"] = ["https"],
            ["X-Forwarded-Host"] = [CorpusGateway.DefaultHost],
        };
        foreach (var (name, value) in extra)
        {
            headers[name] = [value];
        }
        return headers;
    }

    private static IReadOnlyList<string> Judge(EdgeCase item, ReceivedRequest received) =>
        EdgeInvariant.Verify(item, kestrel: false, Client, Ok, [received]);
}
