using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class QueryTransformTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: search
            path: /search
            service: api
            policies:
              requestQuery:
                remove: [debug, "secret key"]
                rename: { q: query }
                set: { tenant: "${auth.tenant}" }
                add: { source: "gate way/1" }
        """;

    private static async Task<string> ForwardedQueryAsync(string query, CallerIdentity? identity = null)
    {
        var upstream = new StubUpstreamHandler();
        await TestGateway.Build(Config, upstream).HandleAsync(Requests.Create("GET", "/search", query), new EdgeContext(null, identity, StageContext.Default));
        return upstream.LastRequest.RequestUri!.OriginalString.Split('?', 2) is [_, var forwarded] ? forwarded : string.Empty;
    }

    [Fact]
    public async Task Removes_renames_sets_and_adds_leaving_every_other_byte_as_sent()
    {
        var forwarded = await ForwardedQueryAsync("a=%7E%7e&q=caf%C3%A9&debug=1&&tenant=forged&flag&secret+key=x&b=1+2",
            new CallerIdentity { Kind = CredentialKind.ApiKey, Subject = "k", Tenant = "acme & co" });

        Assert.Equal("a=%7E%7e&query=caf%C3%A9&&flag&b=1+2&tenant=acme%20%26%20co&source=gate%20way%2F1", forwarded);
    }

    [Fact]
    public async Task Matches_encoded_names_by_their_decoded_form()
    {
        Assert.Equal("query=1&tenant=&source=gate%20way%2F1", await ForwardedQueryAsync("%71=1&secret%20key=2"));
    }

    [Fact]
    public async Task A_query_without_the_edited_names_keeps_its_bytes()
    {
        Assert.Equal("x=%2F&y=1;z&debugger=1&tenant=&source=gate%20way%2F1", await ForwardedQueryAsync("x=%2F&y=1;z&debugger=1"));
    }
}
