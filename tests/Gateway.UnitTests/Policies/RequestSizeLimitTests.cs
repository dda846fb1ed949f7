using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class RequestSizeLimitTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: small
            path: /small
            service: api
            policies:
              requestSizeLimit: { maxBody: 1KB }
        """;

    [Fact]
    public async Task Refuses_bodies_over_the_routes_limit_with_413_and_admits_the_rest()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        var atLimit = await gateway.HandleAsync(Requests.Create("POST", "/small", body: new string('a', 1024)), Requests.Anonymous);
        var over = await gateway.HandleAsync(Requests.Create("POST", "/small", body: new string('a', 1025)), Requests.Anonymous);

        Assert.Equal(200, atLimit.StatusCode);
        Assert.Equal(413, over.StatusCode);
        Assert.Contains("\"code\":\"payload_too_large\"", Requests.BodyText(over), StringComparison.Ordinal);
        Assert.Single(upstream.Requests);
    }

    [Theory]
    [InlineData("{}", "maxBody: is required")]
    [InlineData("{ maxBody: lots }", "is not a size")]
    [InlineData("{ maxBody: 2GB }", "must be between")]
    public void Invalid_limits_are_configuration_errors(string settings, string expected)
    {
        var problems = TestGateway.Problems(Config.Replace("{ maxBody: 1KB }", settings, StringComparison.Ordinal));

        Assert.Contains(problems, p => p.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
