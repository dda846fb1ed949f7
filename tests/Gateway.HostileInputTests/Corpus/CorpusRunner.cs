using System.Diagnostics;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>One generated input and the id that names it in reports and in <c>HOSTILE_CASE</c>.</summary>
public interface IHostileCase
{
    string Id { get; }
}

/// <summary>
/// A family of cases is one generator: deterministic for a seed, named, and independent of the others. Adding a
/// family is one class implementing this plus a line in its registry.
/// </summary>
public interface ICaseFamily<out TCase>
    where TCase : IHostileCase
{
    string Name { get; }

    IEnumerable<TCase> Generate(CorpusSettings settings);
}

/// <summary>
/// Runs cases one at a time, each within a time bound (a case that takes longer hangs, as far as the corpus is
/// concerned), and collects every failing case instead of stopping at the first.
/// </summary>
public static class CorpusRunner
{
    /// <summary>Generous for a loaded 2-core machine: a healthy case takes milliseconds.</summary>
    public static readonly TimeSpan PerCaseLimit = TimeSpan.FromSeconds(20);

    public static async Task<CorpusResult> RunAsync<TCase>(
        string title, IEnumerable<TCase> cases, Func<TCase, CancellationToken, Task<IReadOnlyList<string>>> check)
        where TCase : IHostileCase
    {
        var settings = CorpusSettings.Current;
        var failures = new List<string>();
        var count = 0;
        var clock = Stopwatch.StartNew();
        foreach (var item in cases)
        {
            if (!settings.Selects(item.Id))
            {
                continue;
            }
            count++;
            using var deadline = new CancellationTokenSource(PerCaseLimit);
            IReadOnlyList<string> problems;
            try
            {
                problems = await check(item, deadline.Token).WaitAsync(PerCaseLimit);
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
            {
                problems = [$"no answer within {PerCaseLimit.TotalSeconds:F0} s (hang)"];
            }
            catch (Exception exception)
            {
                problems = [$"threw {exception.GetType().Name}: {exception.Message}"];
            }
            if (problems.Count > 0)
            {
                failures.Add($"{item.Id}: {string.Join("; ", problems)}");
            }
        }
        return new CorpusResult(title, count, failures, clock.Elapsed);
    }
}

/// <summary>What one run of a family found, and the assertion that prints how to replay it.</summary>
public sealed record CorpusResult(string Title, int Cases, IReadOnlyList<string> Failures, TimeSpan Elapsed)
{
    private const int Shown = 25;

    public void AssertClean(ITestOutputHelper output)
    {
        var settings = CorpusSettings.Current;
        output.WriteLine($"{Title}: {Cases} cases in {Elapsed.TotalSeconds:F1} s, {Failures.Count} failed ({settings})");
        if (Cases == 0 && settings.CaseFilter is null)
        {
            throw new XunitException($"{Title}: the family generated no cases");
        }
        if (Failures.Count == 0)
        {
            return;
        }
        // The assertion shows the first few; the test's output keeps them all.
        foreach (var failure in Failures)
        {
            output.WriteLine(failure);
        }
        var firstId = Failures[0][..Failures[0].IndexOf(": ", StringComparison.Ordinal)];
        throw new XunitException(
            $"{Title}: {Failures.Count} of {Cases} cases failed ({settings}).{Environment.NewLine}" +
            string.Join(Environment.NewLine, Failures.Take(Shown)) +
            (Failures.Count > Shown ? $"{Environment.NewLine}… and {Failures.Count - Shown} more" : string.Empty) +
            $"{Environment.NewLine}Replay one: {CorpusSettings.SeedVariable}={settings.Seed} {CorpusSettings.CaseVariable}='{firstId}' " +
            "dotnet test tests/Gateway.HostileInputTests");
    }
}
