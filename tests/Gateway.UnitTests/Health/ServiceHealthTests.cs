using System.Text.Json;
using Gateway.Configuration;
using Gateway.Health;
using Gateway.Testing;

namespace Gateway.UnitTests.Health;

/// <summary>Health thresholds, the <c>healthCheck</c> configuration, and what the invoker does with unhealthy instances.</summary>
public sealed class ServiceHealthTests
{
    private static readonly HealthCheckSettings Settings = new("/healthz", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), HealthyAfter: 2, UnhealthyAfter: 3, [200]);

    [Fact]
    public void An_instance_leaves_after_unhealthyAfter_failures_in_a_row_and_returns_after_healthyAfter_passes()
    {
        var health = new ServiceHealth(2, Settings);

        Assert.False(health.Record(0, passed: false));
        Assert.False(health.Record(0, passed: false));
        Assert.False(health.Record(0, passed: true));   // the run is broken: counting starts over
        Assert.False(health.Record(0, passed: false));
        Assert.False(health.Record(0, passed: false));
        Assert.True(health.IsHealthy(0));
        Assert.True(health.Record(0, passed: false));
        Assert.False(health.IsHealthy(0));
        Assert.True(health.IsHealthy(1));
        Assert.True(health.AnyHealthy);

        Assert.False(health.Record(0, passed: true));
        Assert.True(health.Record(0, passed: true));
        Assert.True(health.IsHealthy(0));
    }

    [Fact]
    public void The_health_check_is_read_with_defaults_for_what_it_leaves_out()
    {
        var config = TestGateway.LoadConfig("""
            services:
              a:
                instances: [{ url: http://a.internal }, { url: http://b.internal }]
                healthCheck: { path: /healthz, interval: 5s, timeout: 1s, healthyAfter: 2, unhealthyAfter: 3, expectStatus: [200, 204] }
              b: { url: http://c.internal, healthCheck: { path: /ping } }
            routes:
              - { path: /a, service: a }
            """);

        var full = config.Services["a"].HealthCheck!;
        Assert.Equal(("/healthz", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 2, 3), (full.Path, full.Interval, full.Timeout, full.HealthyAfter, full.UnhealthyAfter));
        Assert.Equal([200, 204], full.ExpectStatus);
        var defaults = config.Services["b"].HealthCheck!;
        Assert.Equal(("/ping", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1), 2, 3), (defaults.Path, defaults.Interval, defaults.Timeout, defaults.HealthyAfter, defaults.UnhealthyAfter));
        Assert.Equal([200], defaults.ExpectStatus);
    }

    [Theory]
    [InlineData("{ interval: 5s }", "services.a.healthCheck.path", "is required")]
    [InlineData("{ path: healthz }", "services.a.healthCheck.path", "must be a path")]
    [InlineData("{ path: /h, interval: 1s, timeout: 2s }", "services.a.healthCheck.timeout", "longer than the interval")]
    [InlineData("{ path: /h, expectStatus: [200, 700] }", "services.a.healthCheck.expectStatus", "\"700\" is not an HTTP status")]
    [InlineData("{ path: /h, healthyAfer: 2 }", "services.a.healthCheck.healthyAfer", "unknown field")]
    public void Bad_health_checks_are_reported_where_they_are(string healthCheck, string path, string message)
    {
        var problems = TestGateway.Problems($"services:\n  a: {{ url: http://a.internal, healthCheck: {healthCheck} }}\nroutes:\n  - {{ path: /a, service: a }}\n");

        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("circuitBreaker: { probe: health }", "services.a.circuitBreaker.probe", "needs the service's healthCheck")]
    [InlineData("circuitBreaker: { probe: sometimes }, healthCheck: { path: /h }", "services.a.circuitBreaker.probe", "sometimes")]
    public void A_health_probe_needs_a_health_check_and_a_known_value(string fields, string path, string message)
    {
        var problems = TestGateway.Problems($"services:\n  a: {{ url: http://a.internal, {fields} }}\nroutes:\n  - {{ path: /a, service: a }}\n");

        Assert.Contains(problems, p => p.Path == path && p.Message.Contains(message, StringComparison.Ordinal));
        Assert.Empty(TestGateway.Problems("services:\n  a: { url: http://a.internal, circuitBreaker: { probe: health }, healthCheck: { path: /h } }\nroutes:\n  - { path: /a, service: a }\n"));
    }

    private const string TwoInstances = """
        services:
          a:
            instances: [{ url: http://one.internal }, { url: http://two.internal }]
            healthCheck: { path: /healthz, unhealthyAfter: 1, healthyAfter: 1 }
            retry: { attempts: 1 }
        routes:
          - { path: /a, service: a }
        """;

    [Fact]
    public async Task An_unhealthy_instance_gets_no_traffic_until_it_is_healthy_again()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(TwoInstances, upstream);
        var health = gateway.Health.For(gateway.Config.Services["a"])!;

        health.Record(1, passed: false);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(200, (await gateway.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous)).StatusCode);
        }
        Assert.All(upstream.Requests, r => Assert.Equal("one.internal", r.Request.RequestUri!.Host));

        health.Record(1, passed: true);
        for (var i = 0; i < 4; i++)
        {
            await gateway.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous);
        }
        Assert.Contains(upstream.Requests, r => r.Request.RequestUri!.Host == "two.internal");
    }

    [Fact]
    public async Task With_every_instance_unhealthy_the_answer_is_503_upstream_unavailable_or_the_fallback()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(TwoInstances, upstream);
        var health = gateway.Health.For(gateway.Config.Services["a"])!;
        health.Record(0, passed: false);
        health.Record(1, passed: false);

        var response = await gateway.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous);

        Assert.Equal(503, response.StatusCode);
        Assert.Equal("upstream_unavailable", JsonDocument.Parse(Requests.BodyText(response)).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(upstream.Requests);

        var withFallback = TestGateway.Build(TwoInstances.Replace("retry: { attempts: 1 }", "retry: { attempts: 1 }\n    circuitBreaker: { fallback: { status: 200, body: '{\"cached\":true}' } }", StringComparison.Ordinal), upstream);
        var fallbackHealth = withFallback.Health.For(withFallback.Config.Services["a"])!;
        fallbackHealth.Record(0, passed: false);
        fallbackHealth.Record(1, passed: false);
        var fallback = await withFallback.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous);
        Assert.Equal(200, fallback.StatusCode);
        Assert.Equal("{\"cached\":true}", Requests.BodyText(fallback));
        Assert.Empty(upstream.Requests);
    }
}
