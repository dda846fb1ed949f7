using System.Runtime.InteropServices;
using Gateway.Infra;
using Gateway.Infra.Functions;

namespace Gateway.Infra.Tests;

/// <summary>
/// The functions' platform as the CDK context chooses it: Native AOT on x86_64 by default, the managed runtime with
/// SnapStart on request, arm64 on request, and the deployer's toolchain checked before an AOT publish.
/// </summary>
[Collection(SynthesizedStacksCollection.Name)]
public sealed class PlatformTests(SynthesizedStacks stacks)
{
    private static readonly Lazy<StackTemplate> ManagedArm64 = new(() =>
        SynthesizedStacks.Synthesize(GatewayConfigFile.Load(SynthesizedStacks.ConfigPath), restApiFront: false, new LambdaPlatform(FunctionRuntime.Managed, Arm64: true))
            .Single(stack => stack.Stage == "dev").Json);

    [Fact]
    public void Runtime_managed_deploys_dotnet10_with_managed_handlers_and_SnapStart_on_the_chosen_architecture()
    {
        foreach (var (id, handler) in new[] { ("ProxyFunction", FunctionHandlers.Proxy), ("AuthorizerFunction", FunctionHandlers.Authorizer) })
        {
            var function = ManagedArm64.Value.Properties(id);
            Assert.Equal("dotnet10", (string)function["Runtime"]!);
            Assert.Equal(["arm64"], StackTemplate.Strings(function["Architectures"]));
            Assert.Equal(handler.ManagedHandler, (string)function["Handler"]!);
            Assert.Equal("PublishedVersions", (string)function["SnapStart"]!["ApplyOn"]!);
        }
        // Everything else is the same stack.
        Assert.Equal(stacks.Get("dev", false).Json.OfType("AWS::Lambda::Function").Count, ManagedArm64.Value.OfType("AWS::Lambda::Function").Count);
    }

    [Theory]
    [InlineData(null, null, FunctionRuntime.NativeAot, false, "linux-x64")]
    [InlineData("aot", "x86_64", FunctionRuntime.NativeAot, false, "linux-x64")]
    [InlineData("managed", null, FunctionRuntime.Managed, false, "linux-x64")]
    [InlineData("managed", "arm64", FunctionRuntime.Managed, true, "linux-arm64")]
    [InlineData(null, "arm64", FunctionRuntime.NativeAot, true, "linux-arm64")]
    public void The_context_chooses_runtime_and_architecture(string? runtime, string? arch, FunctionRuntime expected, bool arm64, string rid)
    {
        var platform = DeploymentContext.ReadPlatform(runtime, arch);

        Assert.Equal((expected, arm64, rid), (platform.Runtime, platform.Arm64, platform.RuntimeIdentifier));
    }

    [Theory]
    [InlineData("runtime", "jit", "choose aot")]
    [InlineData("arch", "aarch64", "choose x86_64")]
    public void An_unknown_context_value_says_what_to_choose(string key, string value, string expected)
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            DeploymentContext.ReadPlatform(key == "runtime" ? value : null, key == "arch" ? value : null));

        Assert.Contains($"-c {key}={value}", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_AOT_publish_takes_PublishAot_and_the_managed_one_ReadyToRun_framework_dependent()
    {
        Assert.Contains("-p:PublishAot=true", LambdaPlatform.Default.PublishArguments);
        Assert.DoesNotContain("-p:PublishReadyToRun=true", LambdaPlatform.Default.PublishArguments);
        var managed = new LambdaPlatform(FunctionRuntime.Managed, Arm64: true).PublishArguments;
        Assert.Contains("-p:PublishReadyToRun=true", managed);
        Assert.Equal("linux-arm64", managed[managed.ToList().IndexOf("--runtime") + 1]);
        Assert.Equal("false", managed[managed.ToList().IndexOf("--self-contained") + 1]);
    }

    [Fact]
    public void An_AOT_deployment_without_a_C_toolchain_is_stopped_with_what_to_install()
    {
        var missing = BuildPrerequisites.Missing(LambdaPlatform.Default, Architecture.X64, _ => false);

        Assert.NotNull(missing);
        Assert.Contains("neither clang nor gcc is on PATH", missing, StringComparison.Ordinal);
        Assert.Contains("-c runtime=managed", missing, StringComparison.Ordinal);
        Assert.Null(BuildPrerequisites.Missing(LambdaPlatform.Default, Architecture.X64, name => name == "gcc"));
        Assert.Null(BuildPrerequisites.Missing(new LambdaPlatform(FunctionRuntime.Managed, Arm64: false), Architecture.X64, _ => false));
    }

    [Fact]
    public void An_arm64_AOT_bootstrap_on_an_x64_machine_is_cross_linked_and_needs_the_aarch64_toolchain()
    {
        var arm64 = new LambdaPlatform(FunctionRuntime.NativeAot, Arm64: true);

        var missing = BuildPrerequisites.Missing(arm64, Architecture.X64, name => name is "clang" or "gcc");
        Assert.Contains("apt-get install gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu", missing, StringComparison.Ordinal);
        Assert.Null(BuildPrerequisites.Missing(arm64, Architecture.X64, name => name.StartsWith("aarch64-linux-gnu-", StringComparison.Ordinal)));
        Assert.Equal(["-p:CppCompilerAndLinker=/repo/tools/aarch64-cross/link.sh", "-p:ObjCopyName=aarch64-linux-gnu-objcopy"],
            BuildPrerequisites.LinkerArguments(arm64, Architecture.X64, "/repo"));
        // On a Graviton machine it is a native link, with the usual toolchain.
        Assert.Empty(BuildPrerequisites.LinkerArguments(arm64, Architecture.Arm64, "/repo"));
        Assert.Null(BuildPrerequisites.Missing(arm64, Architecture.Arm64, name => name == "clang"));
        Assert.Empty(BuildPrerequisites.LinkerArguments(LambdaPlatform.Default, Architecture.X64, "/repo"));
    }
}
