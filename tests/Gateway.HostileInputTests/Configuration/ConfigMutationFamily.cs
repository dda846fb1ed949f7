using System.Text;
using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Configuration;

/// <summary>
/// Sampled mutations of the valid samples: bytes replaced, lines deleted, duplicated, swapped or re-indented, the
/// text cut short, and values swapped for values of another type (lists, maps, nulls, huge numbers, placeholders,
/// anchors and tags). Whatever comes out must load or be rejected with problems.
/// </summary>
public sealed class ConfigMutationFamily : IConfigFamily
{
    private const int Count = 2_000;

    private static readonly string[] Bytes =
        ["\0", "\t", "\r", "\n", ":", "-", "{", "}", "[", "]", "\"", "'", "&", "*", "!", "%", "#", "|", ">", " ", "\u00ff", "😀", "\\", ",", "?", "@", "`"];

    private static readonly string[] Values =
    [
        "[a, b]", "{x: 1}", "~", "''", "-1", "0", "99999999999999999999", "1e309", "-1e309", "NaN", ".inf", "true", "yes",
        new string('x', 10_000), "1ms", "10675199d", "0s", "9999999999999GB", "-5s", "${env.HOSTILE_UNSET}", "${env.HOSTILE_UNSET:-}",
        "${env.", "*undefined", "&anchor value", "!!binary AAAA", "!!python/object:os.system", "!custom x", "<<: *x", "|", ">-",
        "\"\\u0000\"", "\"\\ud800\"", "/{a}/{a}", "/{proxy+}/x", "//", "http://", "ftp://x", "GET POST", "*.", "\"😀\"",
    ];

    private static readonly Func<string[], Random, (string Label, string[] Lines)>[] Mutators =
    [
        ReplaceByte, DeleteLine, DuplicateLine, SwapLines, Reindent, SwapValue, SwapValue, Truncate,
    ];

    public string Name => "config-mutations";

    public IEnumerable<ConfigCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        var random = settings.RandomFor(Name);
        for (var i = 0; i < settings.Sample(Count); i++)
        {
            var (sample, text) = ConfigSamples.All[random.Next(ConfigSamples.All.Count)];
            var lines = text.Split('\n');
            var (label, mutated) = Mutators[random.Next(Mutators.Length)](lines, random);
            yield return new ConfigCase(ids.Next($"{sample} {label}"), string.Join('\n', mutated));
        }
    }

    private static (string, string[]) ReplaceByte(string[] lines, Random random)
    {
        var text = new StringBuilder(string.Join('\n', lines));
        var at = random.Next(text.Length);
        var replacement = Bytes[random.Next(Bytes.Length)];
        text.Remove(at, 1).Insert(at, replacement);
        return ($"char {at} := {replacement}", text.ToString().Split('\n'));
    }

    private static (string, string[]) DeleteLine(string[] lines, Random random)
    {
        var at = random.Next(lines.Length);
        return ($"line {at + 1} deleted", [.. lines[..at], .. lines[(at + 1)..]]);
    }

    private static (string, string[]) DuplicateLine(string[] lines, Random random)
    {
        var at = random.Next(lines.Length);
        return ($"line {at + 1} twice", [.. lines[..(at + 1)], .. lines[at..]]);
    }

    private static (string, string[]) SwapLines(string[] lines, Random random)
    {
        var at = random.Next(lines.Length - 1);
        var swapped = (string[])lines.Clone();
        (swapped[at], swapped[at + 1]) = (swapped[at + 1], swapped[at]);
        return ($"lines {at + 1} and {at + 2} swapped", swapped);
    }

    private static (string, string[]) Reindent(string[] lines, Random random)
    {
        var at = random.Next(lines.Length);
        var changed = (string[])lines.Clone();
        var deeper = random.Next(2) == 0;
        changed[at] = deeper ? "  " + changed[at] : changed[at].TrimStart();
        return ($"line {at + 1} {(deeper ? "indented" : "dedented")}", changed);
    }

    /// <summary>The value of a "key: value" line replaced with a value of another type.</summary>
    private static (string, string[]) SwapValue(string[] lines, Random random)
    {
        var candidates = Enumerable.Range(0, lines.Length).Where(i => lines[i].Contains(": ", StringComparison.Ordinal) && !lines[i].TrimStart().StartsWith('#')).ToArray();
        var at = candidates[random.Next(candidates.Length)];
        var value = Values[random.Next(Values.Length)];
        var changed = (string[])lines.Clone();
        changed[at] = changed[at][..(changed[at].IndexOf(": ", StringComparison.Ordinal) + 2)] + value;
        return ($"line {at + 1} value := {CaseIds.Printable(value)}", changed);
    }

    private static (string, string[]) Truncate(string[] lines, Random random)
    {
        var text = string.Join('\n', lines);
        var at = random.Next(text.Length);
        return ($"cut at {at}", text[..at].Split('\n'));
    }
}
