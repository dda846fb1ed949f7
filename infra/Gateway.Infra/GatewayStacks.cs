using Amazon.CDK;
using Gateway.Configuration;
using Gateway.Infra.Functions;

namespace Gateway.Infra;

/// <summary>The CDK app's content: one <see cref="GatewayStack"/> per stage, from one configuration.</summary>
public static class GatewayStacks
{
    public static IReadOnlyList<GatewayStack> Add(App app, GatewayConfig config, IEnumerable<StageConfig> stages, RepositoryLayout repository, bool restApiFront, LambdaPlatform platform) =>
        stages.Select(stage => new GatewayStack(app, new GatewayStackProps
        {
            Config = config,
            Stage = stage,
            Platform = platform,
            CreateCode = () => FunctionBundle.Publish(repository, platform),
            RestApiFront = restApiFront,
        })).ToList();
}
