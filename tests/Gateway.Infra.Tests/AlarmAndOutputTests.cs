using Gateway.Infra.Monitoring;

namespace Gateway.Infra.Tests;

/// <summary>The four alarms, what they watch, and the stack's outputs.</summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class AlarmAndOutputTests(SynthesizedStacks stacks)
{
    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void The_5xx_rate_alarm_divides_the_gateways_5xx_by_its_requests(string stage, bool restApiFront)
    {
        var alarm = Alarm(stacks.Get(stage, restApiFront).Json, "5xx");

        Assert.Equal(5, alarm["Threshold"]!.GetValue<double>());
        Assert.Equal("GreaterThanThreshold", (string)alarm["ComparisonOperator"]!);
        Assert.Equal("notBreaching", (string)alarm["TreatMissingData"]!);
        var metrics = alarm["Metrics"]!.AsArray();
        Assert.Equal("IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)", (string)metrics.Single(m => m!["Expression"] is not null)!["Expression"]!);
        var watched = metrics.Where(m => m!["MetricStat"] is not null).ToDictionary(m => (string)m!["Id"]!, m => m!["MetricStat"]!["Metric"]!);
        Assert.Equal(MetricNames.Requests, (string)watched["requests"]["MetricName"]!);
        Assert.Equal(MetricNames.ServerErrors, (string)watched["errors"]["MetricName"]!);
        Assert.All(watched.Values, metric =>
        {
            Assert.Equal("ServerlessGateway", (string)metric["Namespace"]!);
            Assert.Equal($"[{{\"Name\":\"Service\",\"Value\":\"infra-test-{stage}\"}}]", StackTemplate.Compact(metric["Dimensions"]));
        });
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void Breaker_throttle_and_authorizer_alarms_fire_on_any_occurrence(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;

        var breaker = Alarm(json, MetricNames.BreakerOpenRejections);
        Assert.Equal(("ServerlessGateway", MetricNames.BreakerOpenRejections, "Sum"), ((string)breaker["Namespace"]!, (string)breaker["MetricName"]!, (string)breaker["Statistic"]!));
        Assert.Equal($"[{{\"Name\":\"Service\",\"Value\":\"infra-test-{stage}\"}}]", StackTemplate.Compact(breaker["Dimensions"]));

        var throttles = Alarm(json, "Throttles");
        var functions = throttles["Metrics"]!.AsArray().Where(m => m!["MetricStat"] is not null).Select(m => m!["MetricStat"]!["Metric"]!).ToList();
        Assert.All(functions, metric => Assert.Equal(("AWS/Lambda", "Throttles"), ((string)metric["Namespace"]!, (string)metric["MetricName"]!)));
        Assert.Equal(["AuthorizerFunction", "ProxyFunction"], functions.Select(m => StackTemplate.Target(m["Dimensions"]![0]!["Value"])).Order());

        var authorizer = Alarm(json, "Errors");
        Assert.Equal(("AWS/Lambda", "AuthorizerFunction"), ((string)authorizer["Namespace"]!, StackTemplate.Target(authorizer["Dimensions"]![0]!["Value"])));

        foreach (var alarm in new[] { breaker, throttles, authorizer })
        {
            Assert.Equal((0.0, "GreaterThanThreshold", "notBreaching"), (alarm["Threshold"]!.GetValue<double>(), (string)alarm["ComparisonOperator"]!, (string)alarm["TreatMissingData"]!));
        }
        Assert.Equal(4, json.OfType("AWS::CloudWatch::Alarm").Count);
    }

    [Theory]
    [MemberData(nameof(IamTests.Variants), MemberType = typeof(IamTests))]
    public void Outputs_give_the_API_URL_of_the_stage_the_table_and_the_secret(string stage, bool restApiFront)
    {
        var json = stacks.Get(stage, restApiFront).Json;
        var outputs = json.Root["Outputs"]!.AsObject();

        Assert.EndsWith($"\"/{stage}\"]]}}", StackTemplate.Compact(outputs["HttpApiUrl"]!["Value"]), StringComparison.Ordinal);
        Assert.Equal(Assert.Single(json.OfType("AWS::DynamoDB::Table")).Key, StackTemplate.Target(outputs["TableName"]!["Value"]));
        Assert.Equal(Assert.Single(json.OfType("AWS::SecretsManager::Secret")).Key, StackTemplate.Target(outputs["JwtSecretArn"]!["Value"]));
        Assert.Equal(restApiFront, outputs.ContainsKey("RestApiUrl"));
    }

    /// <summary>The alarm watching <paramref name="metric"/> (by metric name, or by a metric of its expression).</summary>
    private static System.Text.Json.Nodes.JsonNode Alarm(StackTemplate json, string metric) =>
        Assert.Single(json.OfType("AWS::CloudWatch::Alarm").Values, alarm =>
            (string?)alarm["Properties"]!["MetricName"] == metric ||
            StackTemplate.Compact(alarm["Properties"]!["Metrics"]).Contains($"\"MetricName\":\"{metric}\"", StringComparison.Ordinal))["Properties"]!;
}
