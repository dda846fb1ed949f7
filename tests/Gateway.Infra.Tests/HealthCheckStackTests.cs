using Gateway.Configuration;
using Gateway.Infra.Functions;

namespace Gateway.Infra.Tests;

/// <summary>
/// The scheduled health checker: deployed only when a service has a <c>healthCheck</c>, invoked by an EventBridge rule
/// every minute through its alias, allowed to read and write the table and nothing else.
/// </summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class HealthCheckStackTests(SynthesizedStacks stacks)
{
    private static readonly Lazy<StackTemplate> WithHealthCheck = new(() =>
    {
        var config = new GatewayConfigLoader().Parse(
            """
            gateway: { name: health }
            services:
              orders:
                instances: [{ url: "https://a.example.com" }, { url: "https://b.example.com" }]
                healthCheck: { path: /healthz, interval: 5s, timeout: 1s, healthyAfter: 2, unhealthyAfter: 3 }
                circuitBreaker: { failureThreshold: 5 }
            routes: [ { name: orders, path: /orders, service: orders } ]
            stages: { dev: { throttle: { rate: 10, burst: 20 } } }
            """, "health.yaml").GetConfigOrThrow();
        return SynthesizedStacks.Synthesize(config, restApiFront: false).Single().Json;
    });

    [Fact]
    public void A_service_with_a_health_check_brings_the_checker_on_a_one_minute_schedule_through_its_alias()
    {
        var json = WithHealthCheck.Value;

        var function = json.Properties("HealthCheckFunction");
        Assert.Equal(FunctionHandlers.HealthCheck.FunctionName, (string)function["Handler"]!);
        var rule = Assert.Single(json.OfType("AWS::Events::Rule")).Value["Properties"]!;
        Assert.Equal("rate(1 minute)", (string)rule["ScheduleExpression"]!);
        var target = Assert.Single(rule["Targets"]!.AsArray())!;
        var alias = Assert.Single(json.OfType("AWS::Lambda::Alias"), a => StackTemplate.Target(a.Value["Properties"]!["FunctionName"]) == "HealthCheckFunction").Key;
        Assert.Equal(alias, StackTemplate.Target(target["Arn"]));
        Assert.Equal(0, StackTemplate.Int(target["RetryPolicy"]!["MaximumRetryAttempts"]));
        Assert.Contains(json.OfType("AWS::Lambda::Permission").Values, permission =>
            (string)permission["Properties"]!["Principal"]! == "events.amazonaws.com" && StackTemplate.Target(permission["Properties"]!["FunctionName"]) == alias);
    }

    [Fact]
    public void The_checker_may_write_its_logs_and_read_and_write_the_table_only()
    {
        var json = WithHealthCheck.Value;

        Assert.Equal(
            [
                ("Allow", "logs:CreateLogStream logs:PutLogEvents", IamTests.LogGroupOf(json, "HealthCheckFunction")),
                ("Allow", "dynamodb:GetItem dynamodb:UpdateItem", IamTests.Single(json, "AWS::DynamoDB::Table")),
            ],
            IamTests.Statements(json, "HealthCheckFunction"));
    }

    [Fact]
    public void A_health_check_on_a_service_without_a_breaker_is_refused_at_synth_naming_the_service()
    {
        var config = new GatewayConfigLoader().Parse(
            """
            gateway: { name: health }
            services:
              orders: { url: "https://a.example.com", healthCheck: { path: /healthz }, circuitBreaker: { enabled: false } }
            routes: [ { name: orders, path: /orders, service: orders } ]
            stages: { dev: { throttle: { rate: 10, burst: 20 } } }
            """, "health.yaml").GetConfigOrThrow();

        var refused = Assert.Throws<Gateway.Infra.Scale.UndeployableConfigurationException>(() => SynthesizedStacks.Synthesize(config, restApiFront: false));

        Assert.Contains("services.orders: a healthCheck needs the circuit breaker in Lambda", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_health_check_there_is_no_checker_and_no_schedule()
    {
        var json = stacks.Get("dev", false).Json;

        Assert.DoesNotContain("HealthCheckFunction", json.Resources.Select(resource => resource.Key));
        Assert.Empty(json.OfType("AWS::Events::Rule"));
    }
}
