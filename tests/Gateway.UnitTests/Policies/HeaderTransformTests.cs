using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class HeaderTransformTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: orders
            path: "/orders/{id}"
            service: api
            policies:
              requestHeaders:
                remove: [X-Debug]
                rename: { X-Old-Name: X-New-Name }
                set:
                  X-Request: "${request.id}"
                  X-Who: "${auth.sub}@${auth.tenant}"
                  X-Order: "${route.param.id}"
                  X-Color: "${stage.color}"
                  X-Route: "${route.name} ${request.method} ${request.path}"
                add: { X-Static: constant }
              responseHeaders:
                remove: [Server]
                set: { X-Served-By: gateway }
                add: { X-Stage: "${stage.name}" }
        """;

    [Fact]
    public async Task Request_headers_are_removed_renamed_set_and_added_with_templates()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);
        var identity = new CallerIdentity { Kind = CredentialKind.ApiKey, Subject = "key-1", Tenant = "acme" };
        var stage = new StageContext("prod", new Dictionary<string, string> { ["color"] = "green" });

        await gateway.HandleAsync(
            Requests.Create("GET", "/orders/o%207", headers: [("X-Debug", "1"), ("X-Old-Name", "v"), ("X-Request-ID", "rid-1"), ("X-Static", "client")]),
            new EdgeContext(null, identity, stage));

        var sent = upstream.LastRequest.Headers;
        Assert.False(sent.Contains("X-Debug"));
        Assert.False(sent.Contains("X-Old-Name"));
        Assert.Equal("v", sent.GetValues("X-New-Name").Single());
        Assert.Equal("rid-1", sent.GetValues("X-Request").Single());
        Assert.Equal("key-1@acme", sent.GetValues("X-Who").Single());
        Assert.Equal("o 7", sent.GetValues("X-Order").Single());
        Assert.Equal("green", sent.GetValues("X-Color").Single());
        Assert.Equal("orders GET /orders/o%207", sent.GetValues("X-Route").Single());
        Assert.Equal(["client", "constant"], sent.GetValues("X-Static"));
    }

    [Fact]
    public async Task Missing_template_values_are_empty_rather_than_an_error()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(Config, upstream);

        await gateway.HandleAsync(Requests.Create("GET", "/orders/1"), Requests.Anonymous);

        Assert.Equal("@", upstream.LastRequest.Headers.GetValues("X-Who").Single());
        Assert.Equal(string.Empty, upstream.LastRequest.Headers.GetValues("X-Color").Single());
    }

    [Fact]
    public async Task Response_headers_are_edited_on_the_way_out()
    {
        var upstream = new StubUpstreamHandler(_ =>
        {
            var response = new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StringContent("x") };
            response.Headers.Add("Server", "upstream/1.0");
            return response;
        });
        var gateway = TestGateway.Build(Config, upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/orders/1"), new EdgeContext(null, null, new StageContext("dev", new Dictionary<string, string>())));

        Assert.Null(response.Headers.Get("Server"));
        Assert.Equal("gateway", response.Headers.Get("X-Served-By"));
        Assert.Equal("dev", response.Headers.Get("X-Stage"));
    }
}
