using System.Diagnostics;
using System.Net;
using System.Text;
using Gateway.Composition;
using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.IntegrationTests.Streaming;

/// <summary>
/// On a host that streams (serve), a route whose policies need no response body passes the upstream's answer on as
/// it arrives; a route with a policy that needs the body whole keeps the buffered path and its limit.
/// </summary>
public sealed class ServeStreamingTests
{
    private const string Config = """
        gateway: { maxResponseBodySize: 1KB }
        services:
          events: { url: "{{upstream}}" }
        routes:
          - { name: plain, path: /events, service: events, policies: { responseHeaders: { set: { X-Via: gateway } } } }
          - { name: mapped, path: /mapped, service: events, policies: { responseBody: { steps: [ { remove: [secret] } ] } } }
        """;

    private static async Task<GatewayServer> ServeAsync(TestUpstream upstream, bool streams) =>
        await GatewayServer.StartAsync(GatewayBuilder.Build(
            TestGateway.LoadConfig(Config.Replace("{{upstream}}", upstream.BaseUrl, StringComparison.Ordinal)),
            TestGateway.Services(null) with { StreamsResponses = streams }));

    /// <summary>Sends one event, waits two seconds, sends another; records when the second left.</summary>
    private static async Task<(TestUpstream Upstream, TaskCompletionSource<long> SecondSent)> EventSourceAsync()
    {
        var secondSent = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var upstream = await TestUpstream.StartAsync(async (http, _) =>
        {
            http.Response.ContentType = "text/event-stream";
            await http.Response.WriteAsync("data: one\n\n");
            await http.Response.Body.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(2));
            secondSent.TrySetResult(Stopwatch.GetTimestamp());
            await http.Response.WriteAsync("data: two\n\n");
        });
        return (upstream, secondSent);
    }

    private static async Task<(long FirstReceived, string Events, HttpResponseMessage Response)> ReadEventsAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/events", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256];
        var read = await body.ReadAsync(buffer);
        var firstReceived = Stopwatch.GetTimestamp();
        var rest = await new StreamReader(body).ReadToEndAsync();
        return (firstReceived, Encoding.UTF8.GetString(buffer, 0, read) + rest, response);
    }

    [Fact]
    public async Task A_server_sent_event_reaches_the_client_before_the_next_one_is_sent()
    {
        var (upstream, secondSent) = await EventSourceAsync();
        await using var _ = upstream;
        await using var server = await ServeAsync(upstream, streams: true);

        var (firstReceived, events, response) = await ReadEventsAsync(server.Client);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("gateway", response.Headers.GetValues("X-Via").Single());
        Assert.Equal("data: one\n\ndata: two\n\n", events);
        // The second event leaves two seconds after the first (a loaded machine may delay the first by several hundred ms): a buffered answer would arrive after it.
        Assert.True(Stopwatch.GetElapsedTime(firstReceived, await secondSent.Task) > TimeSpan.FromSeconds(1),
            $"the first event arrived only {Stopwatch.GetElapsedTime(firstReceived, await secondSent.Task).TotalMilliseconds} ms before the second was sent");
    }

    [Fact]
    public async Task A_host_that_buffers_holds_the_first_event_until_the_stream_ends()
    {
        var (upstream, secondSent) = await EventSourceAsync();
        await using var _ = upstream;
        await using var server = await ServeAsync(upstream, streams: false);

        var (firstReceived, events, _) = await ReadEventsAsync(server.Client);

        Assert.Equal("data: one\n\ndata: two\n\n", events);
        Assert.True(firstReceived > await secondSent.Task);
    }

    [Fact]
    public async Task An_answer_larger_than_the_buffered_limit_streams_but_a_route_that_maps_the_body_still_refuses_it()
    {
        var large = new string('x', 64 * 1024);
        await using var upstream = await TestUpstream.StartAsync((http, _) => http.Response.WriteAsync($$"""{"secret":"s","data":"{{large}}"}"""));
        await using var server = await ServeAsync(upstream, streams: true);

        var streamed = await server.Client.GetAsync("/events");
        var mapped = await server.Client.GetAsync("/mapped");

        Assert.Equal(HttpStatusCode.OK, streamed.StatusCode);
        Assert.Equal(large.Length + 24, (await streamed.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.BadGateway, mapped.StatusCode);
    }
}
