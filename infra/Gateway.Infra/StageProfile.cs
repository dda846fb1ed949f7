using Amazon.CDK;
using Amazon.CDK.AWS.Logs;

namespace Gateway.Infra;

/// <summary>
/// What differs between a production stage and the others, beyond what the configuration sets: data that must
/// survive a mistaken <c>cdk destroy</c>, and how long logs are kept. The stage named <c>prod</c> is production.
/// </summary>
public sealed record StageProfile(bool IsProduction, RetentionDays LogRetention, RemovalPolicy DataRemovalPolicy)
{
    public const string ProductionStageName = "prod";

    public static StageProfile For(string stageName) => stageName == ProductionStageName
        ? new StageProfile(true, RetentionDays.THREE_MONTHS, RemovalPolicy.RETAIN)
        : new StageProfile(false, RetentionDays.ONE_WEEK, RemovalPolicy.DESTROY);
}
