using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Constructs;
using Gateway.Configuration;
using Gateway.Infra.Functions;
using Gateway.Infra.Http;
using Gateway.Infra.Monitoring;
using Gateway.Infra.Rest;
using Gateway.Infra.Scale;
using Gateway.Infra.Storage;

namespace Gateway.Infra;

public sealed record GatewayStackProps
{
    public required GatewayConfig Config { get; init; }

    public required StageConfig Stage { get; init; }

    /// <summary>The functions' runtime and architecture; the code <see cref="CreateCode"/> makes must be built for it.</summary>
    public required LambdaPlatform Platform { get; init; }

    /// <summary>
    /// Makes both functions' code: the publish output of src/Gateway.Lambda (see <see cref="FunctionBundle"/>). A
    /// factory, because CDK ties an asset to one stack.
    /// </summary>
    public required Func<Code> CreateCode { get; init; }

    /// <summary>Adds the REST API front with AWS usage plans and API keys.</summary>
    public bool RestApiFront { get; init; }
}

/// <summary>One stage of the gateway: its table and secret, both functions, the HTTP API, optionally the REST API front, and alarms.</summary>
public sealed class GatewayStack : Stack
{
    public GatewayStack(Construct scope, GatewayStackProps props)
        : base(scope, NameFor(props), new StackProps { Description = $"Serverless API gateway {props.Config.Settings.Name}, stage {props.Stage.Name}" })
    {
        GatewayStage = props.Stage;
        var profile = StageProfile.For(props.Stage.Name);
        var storage = new GatewayStorage(this, "Storage", profile);
        var functions = new GatewayFunctions(this, "Functions", new GatewayFunctionsProps
        {
            Config = props.Config,
            Stage = props.Stage,
            Profile = profile,
            Code = props.CreateCode(),
            Platform = props.Platform,
            Storage = storage,
        });
        // Alarms before the fronts: the fronts fill what room the stack has left with routes.
        _ = new GatewayAlarms(this, "Alarms", functions);
        RouteStacks = new RouteStacks(this);
        var front = new ApiFrontProps
        {
            Config = props.Config,
            Stage = props.Stage,
            Profile = profile,
            Functions = functions,
            RouteStacks = RouteStacks,
        };
        var httpApi = new GatewayHttpApi(this, "HttpApi", front);

        _ = new CfnOutput(this, "HttpApiUrl", new CfnOutputProps { Value = httpApi.Url, Description = $"The HTTP API's URL for stage {props.Stage.Name}" });
        if (props.RestApiFront)
        {
            var restApi = new RestApiFront(this, "RestApi", front);
            _ = new CfnOutput(this, "RestApiUrl", new CfnOutputProps { Value = restApi.Url, Description = $"The REST API front's URL for stage {props.Stage.Name}" });
        }
        _ = new CfnOutput(this, "TableName", new CfnOutputProps { Value = storage.Table.TableName, Description = $"The gateway's DynamoDB table ({EnvironmentVariables.TableName})" });
        _ = new CfnOutput(this, "JwtSecretArn", new CfnOutputProps { Value = storage.JwtSecret.SecretArn, Description = $"The JWT signing key's secret ({EnvironmentVariables.JwtSecretArn})" });
    }

    /// <summary>The nested stacks routes overflowed into; none while the configuration fits one stack.</summary>
    public RouteStacks RouteStacks { get; }

    /// <summary>The configuration's stage this stack deploys.</summary>
    public StageConfig GatewayStage { get; }

    /// <summary>The CloudFormation stack name: the gateway's name and the stage, e.g. <c>sample-gateway-dev</c>.</summary>
    public static string NameFor(GatewayStackProps props) => $"{props.Config.Settings.Name}-{props.Stage.Name}";
}
