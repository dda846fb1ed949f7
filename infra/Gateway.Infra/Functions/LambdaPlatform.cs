using Amazon.CDK.AWS.Lambda;
using LambdaRuntime = Amazon.CDK.AWS.Lambda.Runtime;

namespace Gateway.Infra.Functions;

/// <summary>How the functions' code runs: the Native AOT <c>bootstrap</c> or the managed .NET runtime.</summary>
public enum FunctionRuntime
{
    /// <summary>provided.al2023 running the Native AOT <c>bootstrap</c>: the shortest cold start, no SnapStart.</summary>
    NativeAot,

    /// <summary>The managed dotnet10 runtime with a ReadyToRun bundle and SnapStart on published versions.</summary>
    Managed,
}

/// <summary>
/// What the functions run on, in one place, because the runtime, the handler strings, the architecture, the runtime
/// identifier the bundle is published for and template.yaml must agree: both AOT and ReadyToRun code are machine code
/// for one architecture. The CDK context chooses it (<c>-c runtime=managed</c>, <c>-c arch=arm64</c>).
/// </summary>
public sealed record LambdaPlatform(FunctionRuntime Runtime, bool Arm64)
{
    /// <summary>
    /// Native AOT on x86_64. Not arm64 by default: on the usual x86-64 deploying machine a linux-arm64 bootstrap
    /// needs the aarch64 cross toolchain besides the C toolchain (see README.md, Deploying).
    /// </summary>
    public static LambdaPlatform Default { get; } = new(FunctionRuntime.NativeAot, Arm64: false);

    /// <summary>
    /// The managed .NET 10 runtime, newer than this CDK version's constants. SnapStart supports the managed .NET
    /// runtimes from .NET 8 on; CDK 2.160 only knows that for Java, so it is declared here.
    /// </summary>
    private static readonly LambdaRuntime Dotnet10 = new("dotnet10", RuntimeFamily.DOTNET_CORE, new LambdaRuntimeProps { SupportsSnapStart = true });

    public Architecture Architecture => Arm64 ? Architecture.ARM_64 : Architecture.X86_64;

    public string RuntimeIdentifier => Arm64 ? "linux-arm64" : "linux-x64";

    public LambdaRuntime LambdaRuntime => Runtime == FunctionRuntime.NativeAot ? LambdaRuntime.PROVIDED_AL2023 : Dotnet10;

    /// <summary>SnapStart exists for the managed runtimes only; an AOT cold start is already shorter than a restore.</summary>
    public SnapStartConf? SnapStart => Runtime == FunctionRuntime.Managed ? SnapStartConf.ON_PUBLISHED_VERSIONS : null;

    /// <summary>The bootstrap takes the function's name in <c>_HANDLER</c>; the managed runtime an assembly::type::method.</summary>
    public string HandlerOf(FunctionHandler handler) => Runtime == FunctionRuntime.NativeAot ? handler.FunctionName : handler.ManagedHandler;

    /// <summary>The <c>dotnet publish</c> arguments after the project: the bundle for this platform.</summary>
    public IReadOnlyList<string> PublishArguments => Runtime == FunctionRuntime.NativeAot
        ? ["--configuration", "Release", "--runtime", RuntimeIdentifier, "-p:PublishAot=true", "--nologo"]
        : ["--configuration", "Release", "--runtime", RuntimeIdentifier, "--self-contained", "false", "-p:PublishReadyToRun=true", "--nologo"];
}
