using System.Text.RegularExpressions;
using Gateway.Testing;
using Xunit.Abstractions;

namespace Gateway.Lambda.RuntimeTests;

/// <summary>What the AOT publish produces: a clean build, and an executable Amazon Linux 2023 can load.</summary>
[Collection(PublishedBootstrapCollection.Name)]
public sealed partial class BootstrapBinaryTests(PublishedBootstrap bootstrap, ITestOutputHelper output)
{
    /// <summary>Amazon Linux 2023, the OS of provided.al2023, ships glibc 2.34.</summary>
    private static readonly Version NewestGlibc = new(2, 34);

    [Fact]
    public void The_publish_has_no_trim_or_aot_warnings()
    {
        bootstrap.EnsurePublished();
        output.WriteLine($"AOT publish took {bootstrap.PublishDuration.TotalSeconds:F0} s");

        var warnings = bootstrap.Publish.Stdout.Split('\n').Where(line => WarningLine().IsMatch(line)).ToArray();

        Assert.True(warnings.Length == 0, string.Join('\n', warnings));
    }

    [Fact]
    public void The_bundle_is_the_bootstrap_and_the_configuration_only()
    {
        bootstrap.EnsurePublished();

        Assert.Equal(["bootstrap", "gateway.yaml"], Directory.GetFiles(bootstrap.Directory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_bootstrap_needs_no_glibc_newer_than_amazon_linux_2023s()
    {
        bootstrap.EnsurePublished();
        // objdump -p prints the ELF's version needs (.gnu.version_r): "required from libc.so.6:" then "... GLIBC_2.34".
        var dump = await ExternalProcess.RunAsync("objdump", ["-p", bootstrap.Executable], TimeSpan.FromMinutes(1));
        Assert.True(dump.ExitCode == 0, dump.ToString());

        var required = GlibcVersion().Matches(dump.Stdout).Select(match => Version.Parse(match.Groups[1].Value)).Distinct().Order().ToArray();
        output.WriteLine("GLIBC versions required: " + string.Join(", ", required));

        Assert.NotEmpty(required);
        Assert.True(required[^1] <= NewestGlibc, $"the bootstrap needs GLIBC_{required[^1]}, Amazon Linux 2023 has {NewestGlibc}");
        Assert.Contains("Version References:", dump.Stdout, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\bwarning\b", RegexOptions.IgnoreCase)]
    private static partial Regex WarningLine();

    [GeneratedRegex(@"\bGLIBC_(\d+\.\d+(?:\.\d+)?)\b")]
    private static partial Regex GlibcVersion();
}
