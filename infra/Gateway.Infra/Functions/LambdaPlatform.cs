using Amazon.CDK.AWS.Lambda;
using LambdaRuntime = Amazon.CDK.AWS.Lambda.Runtime;

namespace Gateway.Infra.Functions;

/// <summary>
/// What the functions run on. One place, because the architecture, the runtime identifier the bundle is published
/// for, and template.yaml must agree: ReadyToRun code is machine code for one architecture, and on any other the
/// runtime ignores it and JITs everything.
/// </summary>
public static class LambdaPlatform
{
    /// <summary>
    /// x86_64, not arm64: ReadyToRun for linux-arm64 needs the Microsoft.NETCore.App.Runtime.linux-arm64 pack, which
    /// the package registry here does not serve, so an arm64 bundle could only be plain IL (JIT at every cold start).
    /// Where that pack restores, switching is these two values and template.yaml's Architectures.
    /// </summary>
    public static Architecture Architecture => Architecture.X86_64;

    public const string RuntimeIdentifier = "linux-x64";

    /// <summary>
    /// The managed .NET 10 runtime, newer than this CDK version's constants. SnapStart supports the managed .NET
    /// runtimes from .NET 8 on; CDK 2.160 only knows that for Java, so it is declared here.
    /// </summary>
    public static LambdaRuntime Runtime { get; } = new("dotnet10", RuntimeFamily.DOTNET_CORE, new LambdaRuntimeProps { SupportsSnapStart = true });
}
