using System.Net;
using Gateway.Http;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class IpFilterTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: internal
            path: /internal
            service: api
            policies:
              ipFilter:
                allow: [10.0.0.0/8, "2001:db8::/32", 192.0.2.10]
                deny: [10.13.0.0/16, "2001:db8:bad::/48"]
          - name: deny-only
            path: /open
            service: api
            policies:
              ipFilter: { deny: [203.0.113.0/24] }
        """;

    private static async Task<int> StatusForAsync(string path, string? client, params (string, string)[] headers)
    {
        var request = new GatewayRequest
        {
            Method = "GET",
            Path = path,
            Headers = Requests.Create("GET", path, headers: headers).Headers,
            ClientAddress = client is null ? null : IPAddress.Parse(client),
        };
        var response = await TestGateway.Build(Config, new StubUpstreamHandler()).HandleAsync(request, Requests.Anonymous);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("10.1.2.3", 200)]
    [InlineData("10.13.9.9", 403)]          // inside the allowed /8, but denied
    [InlineData("192.0.2.10", 200)]         // a single address
    [InlineData("192.0.2.11", 403)]
    [InlineData("172.16.0.1", 403)]
    [InlineData("::ffff:10.1.2.3", 200)]    // an IPv4 client on a dual-stack socket
    [InlineData("2001:db8:1::1", 200)]
    [InlineData("2001:db8:bad::1", 403)]
    [InlineData("2001:db9::1", 403)]
    public async Task Admits_by_allow_and_deny_lists_in_both_families(string client, int expected)
    {
        Assert.Equal(expected, await StatusForAsync("/internal", client));
    }

    [Fact]
    public async Task A_deny_list_alone_admits_everyone_else()
    {
        Assert.Equal(403, await StatusForAsync("/open", "203.0.113.7"));
        Assert.Equal(200, await StatusForAsync("/open", "198.51.100.1"));
    }

    [Fact]
    public async Task Trusts_the_connection_address_never_a_forwarded_header()
    {
        Assert.Equal(403, await StatusForAsync("/internal", "172.16.0.1", ("X-Forwarded-For", "10.1.2.3"), ("X-Real-IP", "10.1.2.3")));
    }

    [Fact]
    public async Task An_unknown_client_address_is_refused()
    {
        Assert.Equal(403, await StatusForAsync("/open", client: null));
    }

    [Theory]
    [InlineData("allow: [10.0.0.1/8]", "\"10.0.0.1/8\" is not an address or a CIDR block")]
    [InlineData("allow: [10.0.0.0/33]", "is not an address or a CIDR block")]
    [InlineData("deny: [localhost]", "is not an address or a CIDR block")]
    [InlineData("allow: []", "needs an allow or a deny list")]
    public void Invalid_networks_are_configuration_errors(string settings, string expected)
    {
        var problems = TestGateway.PolicyProblems("ipFilter", $"{{ {settings} }}");

        Assert.Contains(problems, p => p.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
