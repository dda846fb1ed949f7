using System.Reflection.PortableExecutable;
using Gateway.Testing;

namespace Gateway.Infra.Tests;

/// <summary>
/// What CI proves beyond the in-process assertions: the pinned CDK CLI (tools/aws-cdk, installed by
/// tools/bootstrap.sh) synthesizes the app offline from the repository root through cdk.json, bundling the functions
/// for real (the default Native AOT bootstrap, and with <c>-c runtime=managed</c> the ReadyToRun bundle), and
/// cfn-lint finds no error in what it wrote or in template.yaml. A missing tool fails here; nothing is skipped.
/// </summary>
public sealed class CdkCliSynthesis : IAsyncLifetime
{
    private static readonly string Cli = Path.Combine(RepositoryPaths.Root, "tools", "aws-cdk", "node_modules", "aws-cdk", "bin", "cdk");
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"gateway-cdk-{Guid.NewGuid():N}");

    /// <summary>`cdk synth` as cdk.json configures it: infra/gateway.yaml, every stage, HTTP API only.</summary>
    public string DefaultOutput => Path.Combine(_root, "default");

    /// <summary>
    /// `cdk synth -c config=… -c restApiFront=true -c runtime=managed`: the infrastructure tests' configuration with
    /// the REST front, on the managed runtime (one AOT publish per run is enough: it takes minutes).
    /// </summary>
    public string RestFrontOutput => Path.Combine(_root, "rest-front");

    public ExternalProcess.Result Default { get; private set; } = null!;

    public ExternalProcess.Result RestFront { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION", "1");
        Default = await SynthAsync(DefaultOutput);
        RestFront = await SynthAsync(RestFrontOutput, "-c", $"config={Path.GetRelativePath(RepositoryPaths.Root, SynthesizedStacks.ConfigPath)}", "-c", "restApiFront=true", "-c", "runtime=managed");
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
        return Task.CompletedTask;
    }

    private static Task<ExternalProcess.Result> SynthAsync(string output, params string[] context) =>
        ExternalProcess.RunAsync("node", [Cli, "synth", "--quiet", "--no-notices", "--no-version-reporting", "-o", output, .. context], TimeSpan.FromMinutes(20));
}

public sealed class CliSynthTests(CdkCliSynthesis synthesis) : IClassFixture<CdkCliSynthesis>
{
    internal static readonly string Linter = Path.Combine(RepositoryPaths.Root, "tools", "cfn-lint", "lint.js");

    [Fact]
    public void Cdk_synth_from_the_repository_root_writes_a_template_per_stage()
    {
        Assert.True(synthesis.Default.ExitCode == 0, synthesis.Default.ToString());
        Assert.True(synthesis.RestFront.ExitCode == 0, synthesis.RestFront.ToString());

        Assert.Equal(["sample-gateway-dev.template.json", "sample-gateway-prod.template.json"], Templates(synthesis.DefaultOutput).Select(Path.GetFileName));
        Assert.Equal(["infra-test-dev.template.json", "infra-test-prod.template.json"], Templates(synthesis.RestFrontOutput).Select(Path.GetFileName));
        Assert.Single(StackTemplate.Load(Templates(synthesis.RestFrontOutput)[0]).OfType("AWS::ApiGateway::RestApi"));
        Assert.Empty(StackTemplate.Load(Templates(synthesis.DefaultOutput)[0]).OfType("AWS::ApiGateway::RestApi"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void The_default_function_bundle_is_the_AOT_bootstrap_with_the_configuration_and_nothing_else()
    {
        var bundle = Assert.Single(Directory.GetDirectories(synthesis.DefaultOutput, "asset.*"));

        Assert.Equal(["bootstrap", "gateway.yaml"], Directory.GetFiles(bundle).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        // An x86-64 ELF executable (e_machine 62), the file provided.al2023 runs.
        var header = File.ReadAllBytes(Path.Combine(bundle, "bootstrap"))[..20];
        Assert.Equal("\u007fELF"u8.ToArray(), header[..4]);
        Assert.Equal(62, BitConverter.ToUInt16(header, 18));
        Assert.True((File.GetUnixFileMode(Path.Combine(bundle, "bootstrap")) & UnixFileMode.UserExecute) != 0, "bootstrap is not executable");
        var template = StackTemplate.Load(Templates(synthesis.DefaultOutput)[0]);
        Assert.Equal("provided.al2023", (string)template.Properties("ProxyFunction")["Runtime"]!);
    }

    [Fact]
    public void The_managed_function_bundle_is_the_ReadyToRun_publish_with_the_configuration()
    {
        var bundle = Assert.Single(Directory.GetDirectories(synthesis.RestFrontOutput, "asset.*"));

        Assert.True(File.Exists(Path.Combine(bundle, "gateway.yaml")));
        Assert.True(File.Exists(Path.Combine(bundle, "Gateway.Lambda.runtimeconfig.json")));
        foreach (var assembly in new[] { "Gateway.Lambda.dll", "Gateway.Core.dll", "YamlDotNet.dll" })
        {
            using var pe = new PEReader(File.OpenRead(Path.Combine(bundle, assembly)));
            Assert.True(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0, $"{assembly} has no ReadyToRun code");
            // crossgen2 marks an image for Linux by XOR-ing its machine type with 0x7B79.
            Assert.Equal(Machine.Amd64, (Machine)((ushort)pe.PEHeaders.CoffHeader.Machine ^ 0x7B79));
        }
        var template = File.ReadAllText(Templates(synthesis.RestFrontOutput)[0]);
        Assert.Contains(Path.GetFileName(bundle)["asset.".Length..], template, StringComparison.Ordinal);
        Assert.Equal("dotnet10", (string)StackTemplate.Load(Templates(synthesis.RestFrontOutput)[0]).Properties("ProxyFunction")["Runtime"]!);
    }

    [Fact]
    public async Task Cfn_lint_finds_no_error_in_the_synthesized_templates_or_template_yaml()
    {
        string[] templates = [.. Templates(synthesis.DefaultOutput), .. Templates(synthesis.RestFrontOutput), RepositoryPaths.Template];

        var result = await ExternalProcess.RunAsync("node", [Linter, .. templates], TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"cfn-lint: OK: {templates.Length} template(s), 0 error(s)", result.Stdout, StringComparison.Ordinal);
    }

    private static string[] Templates(string output) =>
        Directory.Exists(output) ? Directory.GetFiles(output, "*.template.json").Order(StringComparer.Ordinal).ToArray() : [];
}
