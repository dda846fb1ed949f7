using System.Globalization;
using Constructs;
using Gateway.Configuration;
using Gateway.Infra.Functions;

namespace Gateway.Infra;

/// <summary>
/// What the CDK context chooses (cdk.json, or <c>-c name=value</c> on the command line): the configuration file, the
/// stage or stages to synthesize, whether to add the REST API front, and the functions' runtime and architecture.
/// </summary>
public sealed record DeploymentContext(RepositoryLayout Repository, string ConfigPath, string? Stage, bool RestApiFront, LambdaPlatform Platform)
{
    public const string ConfigKey = "config";
    public const string StageKey = "stage";
    public const string RestApiFrontKey = "restApiFront";
    public const string RuntimeKey = "runtime";
    public const string ArchitectureKey = "arch";

    public static DeploymentContext Read(Node node)
    {
        var repository = RepositoryLayout.Locate();
        var config = node.TryGetContext(ConfigKey) as string ?? Path.Combine("infra", EnvironmentVariables.BundledConfigFileName);
        return new DeploymentContext(
            repository,
            Path.IsPathRooted(config) ? config : Path.Combine(repository.Root, config),
            node.TryGetContext(StageKey) as string,
            IsTrue(node.TryGetContext(RestApiFrontKey)),
            ReadPlatform(node.TryGetContext(RuntimeKey) as string, node.TryGetContext(ArchitectureKey) as string));
    }

    /// <summary><c>-c runtime=aot|managed</c> (aot when absent) and <c>-c arch=x86_64|arm64</c> (x86_64 when absent).</summary>
    public static LambdaPlatform ReadPlatform(string? runtime, string? architecture) => new(
        runtime switch
        {
            null or "aot" => FunctionRuntime.NativeAot,
            "managed" => FunctionRuntime.Managed,
            _ => throw new InvalidOperationException($"-c {RuntimeKey}={runtime}: choose aot (the default: Native AOT on provided.al2023) or managed (dotnet10 with SnapStart)"),
        },
        architecture switch
        {
            null or "x86_64" => false,
            "arm64" => true,
            _ => throw new InvalidOperationException($"-c {ArchitectureKey}={architecture}: choose x86_64 (the default) or arm64"),
        });

    /// <summary>The chosen stage, or every stage the configuration declares.</summary>
    public IReadOnlyList<StageConfig> SelectStages(GatewayConfig config)
    {
        if (Stage is null)
        {
            return config.Stages.Count > 0
                ? config.Stages.Values.ToArray()
                : throw new InvalidOperationException($"{config.SourceFile} declares no stages: add a stages: section (e.g. dev and prod)");
        }
        return config.Stages.TryGetValue(Stage, out var stage)
            ? [stage]
            : throw new InvalidOperationException($"-c {StageKey}={Stage}: {config.SourceFile} declares the stages {string.Join(", ", config.Stages.Keys)}");
    }

    // `-c restApiFront=true` arrives as a string, cdk.json's `true` as a boolean.
    private static bool IsTrue(object? value) => value switch
    {
        bool flag => flag,
        string text => bool.Parse(text.Trim().ToLower(CultureInfo.InvariantCulture)),
        null => false,
        _ => throw new InvalidOperationException($"-c {RestApiFrontKey} must be true or false, not {value}"),
    };
}
