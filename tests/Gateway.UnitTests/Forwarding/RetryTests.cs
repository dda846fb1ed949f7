using System.Net;
using Gateway.Testing;

namespace Gateway.UnitTests.Forwarding;

public sealed class RetryTests
{
    private static string Config(string retry, string timeouts = "{ read: 2s, deadline: 5s }") => $$"""
        services:
          api:
            url: http://upstream.test
            timeouts: {{timeouts}}
            retry: {{retry}}
            circuitBreaker: { enabled: false }
        routes:
          - { name: any, path: "/{proxy+}", service: api }
        """;

    private static StubUpstreamHandler Sequence(params int[] statuses)
    {
        var calls = 0;
        return new StubUpstreamHandler(_ =>
        {
            var status = statuses[Math.Min(calls++, statuses.Length - 1)];
            return new HttpResponseMessage((HttpStatusCode)status) { Content = new StringContent($"attempt {calls}") };
        });
    }

    [Fact]
    public async Task An_idempotent_request_is_retried_on_a_retryable_status_until_it_succeeds()
    {
        var upstream = Sequence(503, 502, 200);
        var gateway = TestGateway.Build(Config("{ attempts: 3, baseDelay: 1ms, maxDelay: 5ms }"), upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/orders/1"), Requests.Anonymous);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("attempt 3", Requests.BodyText(response));
        Assert.Equal(3, upstream.Requests.Count);
    }

    [Fact]
    public async Task Attempts_bound_the_retries_and_the_last_answer_is_returned()
    {
        var upstream = Sequence(503);
        var gateway = TestGateway.Build(Config("{ attempts: 2, baseDelay: 1ms }"), upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/orders/1"), Requests.Anonymous);

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(2, upstream.Requests.Count);
    }

    [Fact]
    public async Task A_non_idempotent_request_is_not_retried_unless_the_service_says_so()
    {
        var plain = Sequence(503, 200);
        var opted = Sequence(503, 200);

        var refused = await TestGateway.Build(Config("{ attempts: 3, baseDelay: 1ms }"), plain)
            .HandleAsync(Requests.Create("POST", "/orders", body: "{}"), Requests.Anonymous);
        var retried = await TestGateway.Build(Config("{ attempts: 3, baseDelay: 1ms, nonIdempotent: true }"), opted)
            .HandleAsync(Requests.Create("POST", "/orders", body: "{}"), Requests.Anonymous);

        Assert.Equal((503, 1), (refused.StatusCode, plain.Requests.Count));
        Assert.Equal((200, 2), (retried.StatusCode, opted.Requests.Count));
    }

    [Fact]
    public async Task Statuses_outside_retryOn_are_not_retried()
    {
        var upstream = Sequence(500, 200);
        var gateway = TestGateway.Build(Config("{ attempts: 3, baseDelay: 1ms, retryOn: [503] }"), upstream);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous);

        Assert.Equal((500, 1), (response.StatusCode, upstream.Requests.Count));
    }

    [Fact]
    public async Task The_budget_keeps_retries_from_multiplying_load_during_an_outage()
    {
        var upstream = Sequence(503);
        var gateway = TestGateway.Build(Config("{ attempts: 3, baseDelay: 1ms, budget: { ratio: 0.1, minPerSecond: 0 } }"), upstream);

        for (var i = 0; i < 50; i++)
        {
            await gateway.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous);
        }

        // 50 requests may add at most 10% retries within a second (a little more if the run spans two).
        Assert.InRange(upstream.Requests.Count, 50, 60);
    }

    [Fact]
    public async Task The_deadline_bounds_every_attempt_together()
    {
        var upstream = new ScriptedUpstreamHandler();
        upstream.Hold();
        var gateway = Gateway.Composition.GatewayBuilder.Build(
            TestGateway.LoadConfig(Config("{ attempts: 10, baseDelay: 1ms, budget: { minPerSecond: 100 } }", "{ read: 150ms, deadline: 600ms }")),
            new Gateway.Composition.GatewayServices { UpstreamClient = new HttpClient(upstream) });

        var response = await gateway.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous);

        // Ten attempts of 150 ms would take 1.5 s: the deadline cuts them short (how short depends on the machine's
        // load, so only the bound is asserted), and the answer is a 504.
        Assert.Equal(504, response.StatusCode);
        Assert.InRange(upstream.Calls, 1, 5);
        upstream.Release();
    }

    [Fact]
    public async Task A_retry_refused_by_a_breaker_the_last_failure_opened_returns_that_failure_not_the_fallback()
    {
        var upstream = Sequence(503);
        var gateway = TestGateway.Build("""
            services:
              api:
                url: http://upstream.test
                retry: { attempts: 3, baseDelay: 1ms }
                circuitBreaker: { failureThreshold: 1, openDuration: 30s, fallback: { status: 200, body: degraded } }
            routes:
              - { path: /a, service: api }
            """, upstream);

        var opening = await gateway.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous);
        var next = await gateway.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous);

        Assert.Equal((503, 1), (opening.StatusCode, upstream.Requests.Count));
        Assert.Equal(("degraded", 1), (Requests.BodyText(next), upstream.Requests.Count));
    }
}
