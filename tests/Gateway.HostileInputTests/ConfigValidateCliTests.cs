using Gateway.Configuration;
using Gateway.HostileInputTests.Configuration;
using Gateway.HostileInputTests.Corpus;
using Gateway.Policies;
using Gateway.Testing;
using Xunit.Abstractions;

namespace Gateway.HostileInputTests;

/// <summary>
/// A sample of the configuration cases through <c>gatewayctl config validate</c> as a process (each run costs a .NET
/// start-up, so not all of them): exit 0 exactly when the loader accepts, otherwise exit 1 with every problem as
/// "file:line: field: message" and a count, never a stack trace.
/// </summary>
public sealed class ConfigValidateCliTests(ITestOutputHelper output)
{
    private const int SampleSize = 6;

    [Fact]
    public async Task Gatewayctl_config_validate_lists_problems_or_accepts_and_never_crashes()
    {
        var settings = CorpusSettings.Current;
        var random = settings.RandomFor("config-cli");
        var all = ConfigFamilies.All.SelectMany(family => family.Generate(settings)).ToArray();
        // A file that loads and one that must not take no chances with the draw; the rest are drawn.
        var sample = all.Where(item => item.Id.EndsWith("the minimal file", StringComparison.Ordinal) || item.Id.EndsWith("an alias bomb", StringComparison.Ordinal))
            .Concat(Enumerable.Range(0, settings.Sample(SampleSize)).Select(_ => all[random.Next(all.Length)]));

        var result = await CorpusRunner.RunAsync("configuration through gatewayctl config validate", sample, (item, _) => ValidateAsync(item));

        result.AssertClean(output);
    }

    private static async Task<IReadOnlyList<string>> ValidateAsync(ConfigCase item)
    {
        var file = Path.Combine(Path.GetTempPath(), $"hostile-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, item.Yaml);
        try
        {
            var loaded = new GatewayConfigLoader(PolicyCatalog.Default, _ => null).LoadFile(file);
            var run = await ExternalProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "gatewayctl.dll"), "config", "validate", file], TimeSpan.FromSeconds(60));
            var problems = new List<string>();
            if (run.ExitCode != (loaded.Succeeded ? 0 : 1))
            {
                problems.Add($"exit {run.ExitCode} for a file the loader {(loaded.Succeeded ? "accepts" : "rejects")}: {CaseIds.Printable(run.Stderr)}");
            }
            if (run.Stderr.Contains("   at ", StringComparison.Ordinal) || run.Stderr.Contains("Unhandled", StringComparison.Ordinal))
            {
                problems.Add($"a stack trace: {CaseIds.Printable(run.Stderr)}");
            }
            if (!loaded.Succeeded)
            {
                var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (lines.Length != loaded.Problems.Count + 1 || lines[^1] != $"{loaded.Problems.Count} problem(s) in {file}")
                {
                    problems.Add($"expected {loaded.Problems.Count} problems and a count, got: {CaseIds.Printable(run.Stderr)}");
                }
                ConfigChecks.CheckProblems(loaded.Problems, item.Yaml, file, problems);
            }
            return problems;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
