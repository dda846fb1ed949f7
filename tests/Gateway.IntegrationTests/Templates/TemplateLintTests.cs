using Gateway.Testing;

namespace Gateway.IntegrationTests.Templates;

/// <summary>
/// template.yaml through cfn-lint (npm's cfn-lint 1.9.7 with a current CloudFormation/SAM specification; see
/// tools/cfn-lint/README.md). tools/bootstrap.sh installs it; a missing install fails here, it is never skipped.
/// </summary>
public sealed class TemplateLintTests
{
    private static readonly string Linter = Path.Combine(RepositoryPaths.Root, "tools", "cfn-lint", "lint.js");

    [Fact]
    public async Task The_sam_template_passes_cfn_lint()
    {
        var result = await ExternalProcess.RunAsync("node", [Linter, RepositoryPaths.Template], TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 error(s)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_linter_still_catches_broken_templates()
    {
        var result = await ExternalProcess.RunAsync("node", [Path.Combine(RepositoryPaths.Root, "tools", "cfn-lint", "selftest.js")], TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.ToString());
    }
}
