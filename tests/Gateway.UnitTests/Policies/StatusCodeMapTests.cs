using System.Net;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class StatusCodeMapTests
{
    private const string Config = """
        services:
          api: { url: "http://127.0.0.1:1", timeouts: { connect: 200ms } }
        routes:
          - name: api
            path: /api
            service: api
            policies:
              responseStatus: { 502: 503, 404: 410 }
        """;

    [Theory]
    [InlineData(HttpStatusCode.BadGateway, 503)]
    [InlineData(HttpStatusCode.NotFound, 410)]
    [InlineData(HttpStatusCode.InternalServerError, 500)]
    public async Task Maps_the_upstreams_statuses(HttpStatusCode upstreamStatus, int expected)
    {
        var upstream = new StubUpstreamHandler(_ => new HttpResponseMessage(upstreamStatus) { Content = new StringContent("x") });

        var response = await TestGateway.Build(Config, upstream).HandleAsync(Requests.Create("GET", "/api"), Requests.Anonymous);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("x", Requests.BodyText(response));
    }

    [Fact]
    public async Task The_gateways_own_errors_keep_their_documented_status()
    {
        // Nothing listens on port 1: the gateway's own 502 upstream_unreachable.
        var response = await TestGateway.Build(Config).HandleAsync(Requests.Create("GET", "/api"), Requests.Anonymous);

        Assert.Equal(502, response.StatusCode);
        Assert.Contains("upstream_unreachable", Requests.BodyText(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ 5xx: 503 }", "\"5xx\" is not an HTTP status code")]
    [InlineData("{ 502: 700 }", "must be between 100 and 599")]
    [InlineData("{}", "maps no status codes")]
    public void Invalid_maps_are_configuration_errors(string map, string expected)
    {
        var problems = TestGateway.Problems(Config.Replace("{ 502: 503, 404: 410 }", map, StringComparison.Ordinal));

        Assert.Contains(problems, p => p.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
