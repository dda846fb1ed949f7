using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Constructs;
using Gateway.Infra.Functions;

namespace Gateway.Infra.Monitoring;

/// <summary>
/// The alarms a gateway needs watched: the share of 5xx answers, open circuit breakers, Lambda throttling of either
/// function, and authorizer failures. Without data (no traffic) every alarm stays OK. They have no actions: attach
/// an SNS topic or a pager to them per account.
/// </summary>
public sealed class GatewayAlarms : Construct
{
    /// <summary>Percent of requests answered 5xx, per minute, that counts as bad.</summary>
    public const double ServerErrorRatePercent = 5;

    private static readonly Duration Minute = Duration.Minutes(1);
    private static readonly Duration FiveMinutes = Duration.Minutes(5);

    public GatewayAlarms(Construct scope, string id, GatewayFunctions functions)
        : base(scope, id)
    {
        Metric Gateway(string name) => new(new MetricProps
        {
            Namespace = GatewayFunctions.MetricsNamespace,
            MetricName = name,
            DimensionsMap = new Dictionary<string, string> { [MetricNames.ServiceDimension] = functions.ServiceName },
            Statistic = Stats.SUM,
            Period = Minute,
        });

        ServerErrorRate = new MathExpression(new MathExpressionProps
        {
            Expression = "IF(requests > 0, 100 * FILL(errors, 0) / requests, 0)",
            UsingMetrics = new Dictionary<string, IMetric> { ["requests"] = Gateway(MetricNames.Requests), ["errors"] = Gateway(MetricNames.ServerErrors) },
            Label = "5xx rate (%)",
            Period = Minute,
        }).CreateAlarm(this, "ServerErrorRate", new CreateAlarmOptions
        {
            AlarmDescription = $"More than {ServerErrorRatePercent}% of requests answered 5xx in 3 of the last 5 minutes.",
            Threshold = ServerErrorRatePercent,
            ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
            EvaluationPeriods = 5,
            DatapointsToAlarm = 3,
            TreatMissingData = TreatMissingData.NOT_BREACHING,
        });

        BreakerOpen = AnyInFiveMinutes("BreakerOpenRejections", Gateway(MetricNames.BreakerOpenRejections).With(new MetricOptions { Period = FiveMinutes }),
            "A circuit breaker is open: requests to a failing upstream service are being refused.");

        Throttles = AnyInFiveMinutes("Throttles", new MathExpression(new MathExpressionProps
            {
                Expression = "proxy + authorizer",
                UsingMetrics = new Dictionary<string, IMetric>
                {
                    ["proxy"] = functions.Proxy.Function.MetricThrottles(new MetricOptions { Period = FiveMinutes }),
                    ["authorizer"] = functions.Authorizer.Function.MetricThrottles(new MetricOptions { Period = FiveMinutes }),
                },
                Label = "Lambda throttles",
                Period = FiveMinutes,
            }),
            "Lambda throttled the proxy or the authorizer: the account's or the function's concurrency is exhausted.");

        AuthorizerErrors = AnyInFiveMinutes("AuthorizerErrors", functions.Authorizer.Function.MetricErrors(new MetricOptions { Period = FiveMinutes }),
            "The authorizer function failed (API Gateway answers 500 for those requests).");
    }

    public Alarm ServerErrorRate { get; }

    public Alarm BreakerOpen { get; }

    public Alarm Throttles { get; }

    public Alarm AuthorizerErrors { get; }

    private Alarm AnyInFiveMinutes(string id, IMetric metric, string description) => new(this, id, new AlarmProps
    {
        Metric = metric,
        AlarmDescription = description,
        Threshold = 0,
        ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
        EvaluationPeriods = 1,
        TreatMissingData = TreatMissingData.NOT_BREACHING,
    });
}
