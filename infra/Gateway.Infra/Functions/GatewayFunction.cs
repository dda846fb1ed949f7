using Amazon.CDK;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.Logs;
using Constructs;
using Gateway.Configuration;
using LambdaFunction = Amazon.CDK.AWS.Lambda.Function;

namespace Gateway.Infra.Functions;

public sealed record GatewayFunctionProps
{
    /// <summary>The function's CloudFormation logical ID, the same as in template.yaml.</summary>
    public required string LogicalId { get; init; }

    public required string Handler { get; init; }

    public required string Description { get; init; }

    public required FunctionSettings Settings { get; init; }

    public required Code Code { get; init; }

    public required LambdaPlatform Platform { get; init; }

    public required StageProfile Profile { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    public ParamsAndSecretsLayerVersion? ParamsAndSecrets { get; init; }
}

/// <summary>
/// One of the gateway's functions, set up the way both are: its own role with no permissions but writing its own
/// log group, JSON logs with levels, SnapStart on published versions (managed runtime only), and an alias (<c>live</c>) that API Gateway
/// invokes, so every request runs a snapshotted version.
/// </summary>
public sealed class GatewayFunction : Construct
{
    public const string AliasName = "live";

    public GatewayFunction(Construct scope, string id, GatewayFunctionProps props)
        : base(scope, id)
    {
        // No AWSLambdaBasicExecutionRole: it allows logs:* writes to every log group in the account.
        Role = new Role(this, "Role", new RoleProps
        {
            AssumedBy = new ServicePrincipal("lambda.amazonaws.com"),
            Description = $"{props.LogicalId}: its log group, and what FunctionPermissions lists",
        });
        LogGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            Retention = props.Profile.LogRetention,
            RemovalPolicy = props.Profile.DataRemovalPolicy,
        });
        LogGroup.GrantWrite(Role);

        Function = new LambdaFunction(this, "Function", new FunctionProps
        {
            Description = props.Description,
            Runtime = props.Platform.LambdaRuntime,
            Architecture = props.Platform.Architecture,
            Handler = props.Handler,
            Code = props.Code,
            MemorySize = props.Settings.MemoryMb,
            Timeout = Duration.Seconds(props.Settings.Timeout.TotalSeconds),
            Role = Role,
            Environment = props.Environment.ToDictionary(pair => pair.Key, pair => pair.Value),
            ParamsAndSecrets = props.ParamsAndSecrets,
            LogGroup = LogGroup,
            LoggingFormat = LoggingFormat.JSON,
            ApplicationLogLevelV2 = ApplicationLogLevel.INFO,
            SystemLogLevelV2 = SystemLogLevel.WARN,
            SnapStart = props.Platform.SnapStart,
        });
        ((CfnFunction)Function.Node.DefaultChild!).OverrideLogicalId(props.LogicalId);
        Alias = new Alias(this, "Alias", new AliasProps { AliasName = AliasName, Version = Function.CurrentVersion });
    }

    public LambdaFunction Function { get; }

    /// <summary>What API Gateway invokes: the <c>live</c> alias of the latest published (snapshotted) version.</summary>
    public Alias Alias { get; }

    public Role Role { get; }

    public LogGroup LogGroup { get; }
}
