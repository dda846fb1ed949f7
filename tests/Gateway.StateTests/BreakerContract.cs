using Gateway.Resilience;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>
/// The circuit breaker through the gateway, with two gateway instances sharing one store: it opens after the
/// threshold, answers with the fallback without calling the upstream, lets only the configured number of probes
/// through when half-open (across both instances), and closes after the required successes.
/// </summary>
public abstract class BreakerContract(IStoreSource source)
{
    private static string Config(string fallback) => $$"""
        services:
          api:
            url: "http://upstream.test"
            # One attempt per request, so each request is exactly one call the breaker counts.
            retry: { attempts: 1 }
            # Held probes wait for the test to release them; on a loaded machine that can take longer than the
            # default read timeout, which would end a probe early and make it look like a refused request.
            timeouts: { read: 2m, deadline: 2m }
            circuitBreaker:
              failureThreshold: 3
              window: 30s
              openDuration: 10s
              halfOpenProbes: 2
              successesToClose: 3
              stateCacheTtl: 1s
              {{fallback}}
        routes:
          - { name: items, path: /items, service: api }
        """;

    private const string WithFallback = """fallback: { status: 200, headers: { X-Fallback: "yes" }, body: '{"degraded":true}' }""";

    private async Task<(StateGateway Gateway, GatewayHandler A, GatewayHandler B, ManualTimeProvider Clock)> BuildAsync(string fallback = WithFallback)
    {
        var clock = new ManualTimeProvider();
        var gateway = await StateGateway.CreateAsync(source, Config(fallback), clock);
        return (gateway, gateway.NewInstance(), gateway.NewInstance(), clock);
    }

    private static async Task OpenAsync(StateGateway gateway, GatewayHandler instance)
    {
        gateway.Upstream.RespondWith(503);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(503, (await StateGateway.GetAsync(instance)).StatusCode);
        }
    }

    [Fact]
    public async Task It_opens_after_the_threshold_and_every_instance_serves_the_fallback_without_calling_the_upstream()
    {
        var (gateway, a, b, clock) = await BuildAsync();
        gateway.Upstream.RespondWith(503);
        Assert.Equal(503, (await StateGateway.GetAsync(a)).StatusCode);
        Assert.Equal(503, (await StateGateway.GetAsync(b)).StatusCode);
        Assert.Equal(503, (await StateGateway.GetAsync(a)).StatusCode);
        Assert.Equal(3, gateway.Upstream.Calls);
        Assert.Contains(gateway.Telemetry.Requests, t => t[CircuitBreaker.TransitionTag] == "closed->open");

        // A opened it and knows at once; B learns when its cached copy expires.
        clock.Advance(TimeSpan.FromSeconds(1));
        foreach (var instance in new[] { a, b, a })
        {
            var fallback = await StateGateway.GetAsync(instance);
            Assert.Equal(200, fallback.StatusCode);
            Assert.Equal("yes", fallback.Headers.Get("X-Fallback"));
            Assert.Equal("""{"degraded":true}""", Requests.BodyText(fallback));
        }
        Assert.Equal(3, gateway.Upstream.Calls);
        Assert.Equal("open", gateway.Telemetry.Requests.Last()[CircuitBreaker.StateTag]);
        Assert.Equal(0, gateway.Telemetry.Requests.Last().UpstreamAttempts);
    }

    [Fact]
    public async Task Without_a_fallback_an_open_breaker_answers_503_circuit_open_with_retry_after()
    {
        var (gateway, a, _, clock) = await BuildAsync(fallback: string.Empty);
        await OpenAsync(gateway, a);
        clock.Advance(TimeSpan.FromSeconds(4));

        var response = await StateGateway.GetAsync(a);

        Assert.Equal(503, response.StatusCode);
        Assert.Contains("\"code\":\"circuit_open\"", Requests.BodyText(response));
        Assert.Equal("6", response.Headers.Get("Retry-After"));
        Assert.Equal(3, gateway.Upstream.Calls);
    }

    [Fact]
    public async Task Half_open_lets_only_the_configured_probes_through_across_instances_then_closes_after_enough_successes()
    {
        var (gateway, a, b, clock) = await BuildAsync();
        await OpenAsync(gateway, a);
        clock.Advance(TimeSpan.FromSeconds(10));
        gateway.Upstream.RespondWith(200);
        gateway.Upstream.Hold();

        var requests = Enumerable.Range(0, 10).Select(i => Task.Run(() => StateGateway.GetAsync(i % 2 == 0 ? a : b))).ToArray();
        // Eight are refused at once (fallback); two probes wait at the upstream until released.
        while (requests.Count(r => r.IsCompleted) < 8)
        {
            await Task.WhenAny(requests.Where(r => !r.IsCompleted));
        }
        // The eight refusals can finish before the second probe has reached the held upstream: wait for it (bounded).
        for (var waited = 0; waited < 500 && gateway.Upstream.Calls < 3 + 2; waited++)
        {
            await Task.Delay(10);
        }
        Assert.Equal(3 + 2, gateway.Upstream.Calls);
        Assert.All(requests.Where(r => r.IsCompleted), r => Assert.Equal("yes", r.Result.Headers.Get("X-Fallback")));
        gateway.Upstream.Release();
        var answers = await Task.WhenAll(requests);
        Assert.Equal(2, answers.Count(r => r.Headers.Get("X-Fallback") is null));

        // Two successes of three: still half-open, and each success freed its slot. The refused instances stop asking
        // (a failed conditional write is billed) until their cached copy expires.
        clock.Advance(TimeSpan.FromSeconds(1));
        var third = await StateGateway.GetAsync(b);
        Assert.Null(third.Headers.Get("X-Fallback"));
        Assert.Contains(gateway.Telemetry.Requests, t => t[CircuitBreaker.TransitionTag] == "half-open->closed");

        for (var i = 0; i < 4; i++)
        {
            Assert.Null((await StateGateway.GetAsync(i % 2 == 0 ? a : b)).Headers.Get("X-Fallback"));
        }
        Assert.Equal(3 + 2 + 1 + 4, gateway.Upstream.Calls);
    }

    [Fact]
    public async Task With_probe_health_a_half_open_breaker_probes_the_health_path_and_risks_no_client_request()
    {
        const string yaml = """
            services:
              api:
                url: "http://upstream.test"
                retry: { attempts: 1 }
                timeouts: { read: 2m, deadline: 2m }
                healthCheck: { path: /healthz }
                circuitBreaker:
                  failureThreshold: 1
                  openDuration: 10s
                  successesToClose: 1
                  stateCacheTtl: 0s
                  probe: health
                  fallback: { status: 200, headers: { X-Fallback: "yes" }, body: '{"degraded":true}' }
            routes:
              - { name: items, path: /items, service: api }
            """;
        var clock = new ManualTimeProvider();
        var gateway = await StateGateway.CreateAsync(source, yaml, clock);
        var instance = gateway.NewInstance();
        gateway.Upstream.RespondWith(503);
        Assert.Equal(503, (await StateGateway.GetAsync(instance)).StatusCode);

        // Half-open, and the health path still fails: the probe is a GET of /healthz, the client gets the fallback.
        clock.Advance(TimeSpan.FromSeconds(10));
        var stillDown = await StateGateway.GetAsync(instance);
        // Healthy again: the probe passes and closes the breaker, and the request that triggered it goes through.
        clock.Advance(TimeSpan.FromSeconds(10));
        gateway.Upstream.RespondWith(200);
        var recovered = await StateGateway.GetAsync(instance);

        Assert.Equal("yes", stillDown.Headers.Get("X-Fallback"));
        Assert.Equal((200, null), (recovered.StatusCode, recovered.Headers.Get("X-Fallback")));
        Assert.Equal(["/items", "/healthz", "/healthz", "/items"], gateway.Upstream.Targets.Select(target => target.AbsolutePath));
    }

    [Fact]
    public async Task The_health_checkers_verdict_rides_on_the_breaker_item_without_touching_the_breakers_state()
    {
        var (_, breakers) = await source.CreateStoresAsync(new ManualTimeProvider());
        var key = new Gateway.State.BreakerKey("api", "http://upstream.test/");
        var opened = await breakers.TryTransitionAsync(key, 0, Gateway.State.BreakerState.Open, DateTimeOffset.UnixEpoch.AddYears(60), default);
        Assert.True(opened.Succeeded);

        await breakers.RecordHealthAsync(key, unhealthy: true, streak: 2, default);
        var marked = await breakers.GetAsync(key, default);
        await breakers.RecordHealthAsync(key, unhealthy: false, streak: 0, default);
        var cleared = await breakers.GetAsync(key, default);

        Assert.Equal((Gateway.State.BreakerState.Open, 1L, true, 2), (marked.State, marked.Version, marked.Unhealthy, marked.HealthStreak));
        Assert.Equal((Gateway.State.BreakerState.Open, 1L, false, 0), (cleared.State, cleared.Version, cleared.Unhealthy, cleared.HealthStreak));
    }

    [Fact]
    public async Task A_failed_probe_opens_the_breaker_again()
    {
        var (gateway, a, b, clock) = await BuildAsync();
        await OpenAsync(gateway, a);
        clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(503, (await StateGateway.GetAsync(b)).StatusCode);
        Assert.Contains(gateway.Telemetry.Requests, t => t[CircuitBreaker.TransitionTag] == "half-open->open");
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("yes", (await StateGateway.GetAsync(a)).Headers.Get("X-Fallback"));
        Assert.Equal("yes", (await StateGateway.GetAsync(b)).Headers.Get("X-Fallback"));
        Assert.Equal(4, gateway.Upstream.Calls);
    }

    [Fact]
    public async Task Successes_alone_cost_no_store_writes_and_failures_below_the_threshold_keep_it_closed()
    {
        var (gateway, a, b, clock) = await BuildAsync();
        gateway.Upstream.RespondWith(502);
        Assert.Equal(502, (await StateGateway.GetAsync(a)).StatusCode);
        Assert.Equal(502, (await StateGateway.GetAsync(b)).StatusCode);
        gateway.Upstream.RespondWith(200);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(200, (await StateGateway.GetAsync(a)).StatusCode);
        }
        // A new failure window: the two old failures no longer count.
        clock.Advance(TimeSpan.FromSeconds(30));
        gateway.Upstream.RespondWith(504);
        Assert.Equal(504, (await StateGateway.GetAsync(a)).StatusCode);
        Assert.Equal(504, (await StateGateway.GetAsync(b)).StatusCode);

        Assert.Equal(9, gateway.Upstream.Calls);
        Assert.DoesNotContain(gateway.Telemetry.Requests, t => t[CircuitBreaker.TransitionTag] is not null);
        Assert.All(gateway.Telemetry.Requests, t => Assert.Equal("closed", t[CircuitBreaker.StateTag]));
    }
}

public sealed class InMemoryBreakerTests() : BreakerContract(new InMemoryStores());

[Collection(DynamoDbCollection.Name)]
public sealed class DynamoDbBreakerTests(DynamoDbFixture fixture) : BreakerContract(new DynamoDbSource(fixture));
