using System.Net;
using Gateway.Composition;
using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

/// <summary>The cache's <c>staleIfError</c>: an expired entry answers for a failed upstream or an open breaker.</summary>
public sealed class StaleIfErrorTests
{
    private const string Config = """
        services:
          api:
            url: "http://upstream.test"
            retry: { attempts: 1 }
            circuitBreaker: { failureThreshold: 2, openDuration: 10m, fallback: { status: 200, body: '{"fallback":true}' } }
        routes:
          - name: catalog
            path: "/catalog/{proxy+}"
            service: api
            policies:
              cache: { ttl: 30s, staleIfError: 5m }
        """;

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly StubUpstreamHandler _upstream;
    private readonly GatewayHandler _gateway;
    private Func<HttpResponseMessage> _answer = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"fresh\":true}") };

    public StaleIfErrorTests()
    {
        _upstream = new StubUpstreamHandler(_ => _answer());
        _gateway = GatewayBuilder.Build(TestGateway.LoadConfig(Config), TestGateway.Services(_upstream) with { Time = _clock });
    }

    private Task<GatewayResponse> GetAsync() => _gateway.HandleAsync(Requests.Create("GET", "/catalog/items"), Requests.Anonymous).AsTask();

    [Fact]
    public async Task A_failed_upstream_then_an_open_breaker_get_the_expired_entry_marked_stale_with_its_age()
    {
        await GetAsync();
        _clock.Advance(TimeSpan.FromSeconds(45));
        _answer = () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { Content = new StringContent("{\"down\":true}") };

        foreach (var _ in new[] { "upstream 503", "upstream 503, breaker opens", "breaker open: fallback" })
        {
            var response = await GetAsync();
            Assert.Equal(200, response.StatusCode);
            Assert.Equal("{\"fresh\":true}", Requests.BodyText(response));
            Assert.Equal("STALE", response.Headers.Get("X-Cache"));
            Assert.Equal("45", response.Headers.Get("Age"));
        }
        Assert.Equal(3, _upstream.Requests.Count);
    }

    [Fact]
    public async Task An_unreachable_upstream_gets_the_stale_entry_until_staleIfError_runs_out()
    {
        await GetAsync();
        _answer = () => throw new HttpRequestException(HttpRequestError.ConnectionError, "refused");

        _clock.Advance(TimeSpan.FromSeconds(30 + 299));
        Assert.Equal("STALE", (await GetAsync()).Headers.Get("X-Cache"));

        _clock.Advance(TimeSpan.FromSeconds(2));
        var expired = await GetAsync();
        Assert.Equal(502, expired.StatusCode);
        Assert.Equal("MISS", expired.Headers.Get("X-Cache"));
    }

    [Fact]
    public async Task A_fresh_failure_without_a_kept_entry_and_an_answer_the_cache_may_not_share_pass_through()
    {
        _answer = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{\"mine\":true}"), Headers = { { "Cache-Control", "private" } } };
        await GetAsync();
        _clock.Advance(TimeSpan.FromSeconds(45));
        _answer = () => new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("{\"down\":true}") };

        var response = await GetAsync();

        Assert.Equal(502, response.StatusCode);
        Assert.Equal("{\"down\":true}", Requests.BodyText(response));
    }

    [Fact]
    public async Task A_client_error_is_an_answer_not_a_failure()
    {
        await GetAsync();
        _clock.Advance(TimeSpan.FromSeconds(45));
        _answer = () => new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("{\"gone\":true}") };

        Assert.Equal(404, (await GetAsync()).StatusCode);
    }

    [Fact]
    public void StaleIfError_is_checked_like_any_duration() =>
        Assert.Contains(TestGateway.PolicyProblems("cache", "{ ttl: 30s, staleIfError: forever }"), p => p.Path.EndsWith("staleIfError", StringComparison.Ordinal));
}
