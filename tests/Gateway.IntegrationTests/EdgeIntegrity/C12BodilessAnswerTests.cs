using System.Text;
using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 12: answers that carry no body whatever their <c>Content-Length</c> says — any answer to HEAD, 204 and 304 —
/// are read as such on both hosts (they used to be read as truncated: 502), and HEAD works through the cache and
/// response transforms.
/// </summary>
public sealed class C12BodilessAnswerTests
{
    private const string Representation = "{\"id\":1,\"name\":\"widget\"}";

    private static string Config(string url, string policies = "{}") => $$"""
        services:
          api: { url: "{{url}}", timeouts: { read: 3s }, retry: { attempts: 1 }, circuitBreaker: { failureThreshold: 2, window: 1m } }
        routes:
          - { name: items, path: "/items/{id}", methods: [GET], service: api, policies: {{policies}} }
        """;

    /// <summary>An upstream that answers GET with the representation and HEAD with its headers only, as HTTP says.</summary>
    private static Task<TestUpstream> RepresentationUpstreamAsync() => TestUpstream.StartAsync(async (http, _) =>
    {
        http.Response.ContentType = "application/json";
        http.Response.ContentLength = Encoding.UTF8.GetByteCount(Representation);
        if (!HttpMethods.IsHead(http.Request.Method))
        {
            await http.Response.WriteAsync(Representation);
        }
    });

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Head_on_a_get_route_answers_the_upstreams_headers_with_its_length_and_no_body(EdgeHostKind host)
    {
        await using var upstream = await RepresentationUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        var answer = await gateway.SendAsync("HEAD", "/items/1");

        Assert.Equal(200, answer.Status);
        Assert.Equal("", answer.Body);
        Assert.Equal(Representation.Length.ToString(), answer.Header("Content-Length"));
        Assert.Equal("HEAD", upstream.Last.Method);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Many_heads_never_open_the_breaker(EdgeHostKind host)
    {
        await using var upstream = await RepresentationUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(200, (await gateway.SendAsync("HEAD", "/items/1")).Status);
        }
        Assert.Equal(200, (await gateway.SendAsync("GET", "/items/1")).Status);
    }

    public static TheoryData<EdgeHostKind, string, int> BodilessStatuses()
    {
        var data = new TheoryData<EdgeHostKind, string, int>();
        foreach (var host in new[] { EdgeHostKind.Serve, EdgeHostKind.Lambda })
        {
            data.Add(host, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n", 200);
            data.Add(host, "HTTP/1.1 204 No Content\r\nContent-Length: 7\r\n\r\n", 204);
            data.Add(host, "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 5000\r\n\r\n", 304);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(BodilessStatuses))]
    public async Task A_declared_length_on_a_bodiless_answer_is_not_read_as_a_truncated_body(EdgeHostKind host, string reply, int status)
    {
        // The upstream writes its answer and closes: nothing follows the headers whatever Content-Length says.
        await using var upstream = new RawTcpUpstream(Encoding.ASCII.GetBytes(reply));
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        var answer = await gateway.SendAsync(status == 200 ? "HEAD" : "GET", "/items/1");

        Assert.Equal(status, answer.Status);
        Assert.Equal("", answer.Body);
        Assert.Equal(1, upstream.Requests);
        if (status == 204)
        {
            Assert.NotEqual("7", answer.Header("Content-Length"));
        }
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Head_is_answered_from_the_get_the_cache_holds_with_that_answers_length(EdgeHostKind host)
    {
        await using var upstream = await RepresentationUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl, "{ cache: { ttl: 1m } }"));

        var headFirst = await gateway.SendAsync("HEAD", "/items/1");
        var get = await gateway.SendAsync("GET", "/items/1");
        var head = await gateway.SendAsync("HEAD", "/items/1");

        Assert.Equal((200, "MISS", ""), (headFirst.Status, headFirst.Header("X-Cache"), headFirst.Body));
        Assert.Equal((200, "MISS", Representation), (get.Status, get.Header("X-Cache"), get.Body));
        Assert.Equal((200, "HIT", ""), (head.Status, head.Header("X-Cache"), head.Body));
        Assert.Equal(Representation.Length.ToString(), head.Header("Content-Length"));
        Assert.Equal(2, upstream.HitCount);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Head_through_a_response_body_mapping_does_not_state_the_unmapped_length(EdgeHostKind host)
    {
        await using var upstream = await RepresentationUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl, "{ responseBody: { steps: [ { rename: { name: title } } ] } }"));

        var get = await gateway.SendAsync("GET", "/items/1");
        var head = await gateway.SendAsync("HEAD", "/items/1");

        Assert.Equal("{\"id\":1,\"title\":\"widget\"}", get.Body);
        Assert.Equal(200, head.Status);
        Assert.Equal("", head.Body);
        Assert.NotEqual(Representation.Length.ToString(), head.Header("Content-Length"));
    }
}
