using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Gateway.Infra.Scale;
using RegionFacts = Amazon.CDK.RegionInfo.RegionInfo;

namespace Gateway.Infra.Functions;

/// <summary>
/// The AWS Parameters and Secrets Lambda extension layer the authorizer reads its signing secret through, and the
/// regions it can deploy to. By default the layer comes from CDK's region fact table (version 1.0.103, the newest
/// CDK's <see cref="ParamsAndSecretsVersions"/> names), which CDK turns into a CloudFormation mapping by region: a
/// region the table lacks would fail the deploy on <c>Fn::FindInMap</c>. So the stack says so first, clearly: at
/// synth time when the stack's region is known, and otherwise with a CloudFormation rule checked before any
/// resource is touched. <c>-c paramsAndSecretsLayerArn=ARN</c> takes any published layer version instead (the
/// newest, or one for a region the table lacks); see README.md, Deploying.
/// </summary>
public static class ParamsAndSecretsExtension
{
    public const string LayerArnContextKey = "paramsAndSecretsLayerArn";

    private const string TableVersion = "1.0.103";

    public static ParamsAndSecretsLayerVersion Layer(Stack stack, LambdaPlatform platform, ParamsAndSecretsOptions options)
    {
        if (stack.Node.TryGetContext(LayerArnContextKey) is string { Length: > 0 } arn)
        {
            return FromArn(arn, options);
        }
        GuardRegion(stack, platform);
        return ParamsAndSecretsLayerVersion.FromVersion(ParamsAndSecretsVersions.V1_0_103, options);
    }

    /// <summary>The regions CDK's fact table has the layer in, for the functions' architecture.</summary>
    public static IReadOnlyList<string> Regions(LambdaPlatform platform) =>
        RegionFacts.Regions.Where(region => region.ParamsAndSecretsLambdaLayerArn(TableVersion, Architecture(platform)) is not null)
            .Select(region => region.Name).Order(StringComparer.Ordinal).ToArray();

    private static ParamsAndSecretsLayerVersion FromArn(string arn, ParamsAndSecretsOptions options)
    {
        // arn:PARTITION:lambda:REGION:ACCOUNT:layer:NAME:VERSION
        var parts = arn.Split(':');
        if (parts is not ["arn", { Length: > 0 }, "lambda", { Length: > 0 }, { Length: 12 }, "layer", { Length: > 0 }, var version] || !int.TryParse(version, out _))
        {
            throw new UndeployableConfigurationException(
                $"-c {LayerArnContextKey}: \"{arn}\" is not a Lambda layer version ARN (arn:aws:lambda:REGION:ACCOUNT:layer:NAME:VERSION)");
        }
        return ParamsAndSecretsLayerVersion.FromVersionArn(arn, options);
    }

    private static void GuardRegion(Stack stack, LambdaPlatform platform)
    {
        var regions = Regions(platform);
        var advice = $"the Parameters and Secrets extension {TableVersion} ({Architecture(platform)}) has no layer that CDK knows in this region; " +
            $"pass its layer ARN for the region with -c {LayerArnContextKey}=ARN (README.md, Deploying)";
        if (!Token.IsUnresolved(stack.Region))
        {
            if (!regions.Contains(stack.Region, StringComparer.Ordinal))
            {
                throw new UndeployableConfigurationException($"region {stack.Region}: {advice}");
            }
            return;
        }
        _ = new CfnRule(stack, "ParamsAndSecretsLayerRegion", new CfnRuleProps
        {
            Assertions =
            [
                new CfnRuleAssertion { Assert = Fn.ConditionContains(regions.ToArray(), Aws.REGION), AssertDescription = advice },
            ],
        });
    }

    private static string Architecture(LambdaPlatform platform) => platform.Arm64 ? "arm64" : "x86_64";
}
