using Gateway.Testing;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 13: an upstream that reads a request and hangs up without answering receives at most <c>attempts</c> copies,
/// whatever the method, on both hosts. SocketsHttpHandler used to send a bodiless request up to three more times on
/// its own (its retry of "stale" pooled connections), unseen by the retry policy, the budget and the breaker.
/// </summary>
public sealed class C13NoSilentReplayTests
{
    private static string Config(string url, int attempts, string breaker = "{ enabled: false }") => $$"""
        services:
          api:
            url: "{{url}}"
            timeouts: { read: 5s, deadline: 20s }
            retry: { attempts: {{attempts}}, baseDelay: 1ms, maxDelay: 2ms, budget: { ratio: 1, minPerSecond: 100 } }
            circuitBreaker: {{breaker}}
        routes:
          - { name: any, path: "/{proxy+}", service: api }
        """;

    public static TheoryData<EdgeHostKind, string, int> HostsMethodsAndAttempts()
    {
        var data = new TheoryData<EdgeHostKind, string, int>();
        foreach (var host in new[] { EdgeHostKind.Serve, EdgeHostKind.Lambda })
        {
            foreach (var (method, attempts) in new[] { ("GET", 1), ("DELETE", 1), ("HEAD", 1), ("OPTIONS", 1), ("PUT", 1), ("GET", 3), ("DELETE", 3), ("HEAD", 2) })
            {
                data.Add(host, method, attempts);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(HostsMethodsAndAttempts))]
    public async Task An_upstream_that_hangs_up_receives_no_more_copies_than_attempts(EdgeHostKind host, string method, int attempts)
    {
        await using var upstream = new RawTcpUpstream([]);
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl, attempts));

        var answer = await gateway.SendAsync(method, "/orders/1");

        Assert.Equal(502, answer.Status);
        Assert.Equal(attempts, upstream.Requests);
        Assert.Equal(attempts, upstream.Connections);
        if (method != "HEAD")
        {
            Assert.Equal("upstream_error", answer.ErrorCode);
        }
    }

    public static TheoryData<EdgeHostKind, string, int, int> ResetsByHostMethodAndAttempts()
    {
        var data = new TheoryData<EdgeHostKind, string, int, int>();
        foreach (var host in new[] { EdgeHostKind.Serve, EdgeHostKind.Lambda })
        {
            // A reset after the request was read may follow an upstream's side effect: only methods safe to repeat
            // are sent again.
            data.Add(host, "GET", 3, 3);
            data.Add(host, "DELETE", 2, 2);
            data.Add(host, "POST", 3, 1);
            data.Add(host, "PATCH", 3, 1);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ResetsByHostMethodAndAttempts))]
    public async Task An_upstream_that_resets_after_reading_the_request_gets_no_copy_the_retry_policy_did_not_decide(EdgeHostKind host, string method, int attempts, int copies)
    {
        await using var upstream = new RawTcpUpstream([], reset: true);
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl, attempts));

        var answer = await gateway.SendAsync(method, "/orders/1", body: method is "POST" or "PATCH" ? "{}" : null);

        Assert.Equal(502, answer.Status);
        Assert.Equal(copies, upstream.Requests);
    }

    [Fact]
    public async Task A_pooled_connection_the_upstream_drops_is_not_replayed_behind_the_retry_policy()
    {
        // First a good answer keeps the connection in the pool; then the upstream hangs up on the next request.
        await using var upstream = await TestUpstream.StartAsync();
        var dropped = 0;
        upstream.Respond((http, _) =>
        {
            if (http.Request.Path == "/drop")
            {
                Interlocked.Increment(ref dropped);
                http.Abort();
                return Task.CompletedTask;
            }
            return TestUpstream.Ok(http, null!);
        });
        await using var gateway = await GatewayServer.StartAsync(Config(upstream.BaseUrl, attempts: 1));

        using var warm = await gateway.Client.GetAsync("/warm");
        using var response = await gateway.Client.GetAsync("/drop");

        Assert.Equal(200, (int)warm.StatusCode);
        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal(1, dropped);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Every_copy_is_one_breaker_failure_and_the_opened_breaker_stops_the_next_request(EdgeHostKind host)
    {
        await using var upstream = new RawTcpUpstream([]);
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl, attempts: 3,
            breaker: "{ failureThreshold: 3, window: 1m, openDuration: 1m }"));

        var first = await gateway.SendAsync("GET", "/orders/1");
        var second = await gateway.SendAsync("GET", "/orders/1");

        Assert.Equal(502, first.Status);
        Assert.Equal(503, second.Status);
        Assert.Equal("circuit_open", second.ErrorCode);
        Assert.Equal(3, upstream.Requests);
    }
}
