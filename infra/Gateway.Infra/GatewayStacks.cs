using Amazon.CDK;
using Gateway.Configuration;
using Gateway.Infra.Functions;
using Gateway.Infra.Scale;

namespace Gateway.Infra;

/// <summary>The CDK app's content: one <see cref="GatewayStack"/> per stage, from one configuration.</summary>
public static class GatewayStacks
{
    /// <summary>The stacks, after checking the configuration against AWS's quotas (a <see cref="UndeployableConfigurationException"/> names the one it breaks).</summary>
    public static IReadOnlyList<GatewayStack> Add(App app, GatewayConfig config, IReadOnlyCollection<StageConfig> stages, RepositoryLayout repository, bool restApiFront, LambdaPlatform platform)
    {
        ApiGatewayQuotas.Check(config, stages, restApiFront);
        return stages.Select(stage => new GatewayStack(app, new GatewayStackProps
        {
            Config = config,
            Stage = stage,
            Platform = platform,
            CreateCode = () => FunctionBundle.Publish(repository, platform),
            RestApiFront = restApiFront,
        })).ToList();
    }
}
