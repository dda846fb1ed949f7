using System.Text;
using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Configuration;

/// <summary>
/// Hand-made hostile files, each with the outcome it must have where one is right: an alias bomb, deep nesting,
/// huge scalars and lists, thousands of routes, encodings and line endings, duplicate and complex keys, more route
/// parameters than a path can hold.
/// </summary>
public sealed class ConfigSpecialsFamily : IConfigFamily
{
    private const string Minimal = "services: { s: { url: \"http://127.0.0.1:9\" } }\nroutes: [ { path: /a, service: s } ]\n";

    public string Name => "config-specials";

    public IEnumerable<ConfigCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        var sample = ConfigSamples.All[0].Text;
        ConfigCase Case(string label, string yaml, bool? mustLoad) => new(ids.Next(label), yaml, mustLoad);

        yield return Case("the minimal file", Minimal, true);
        yield return Case("empty", string.Empty, false);
        yield return Case("comments only", "# nothing\n# here\n", false);
        yield return Case("a scalar", "gateway", false);
        yield return Case("a list", "- services\n- routes\n", false);
        yield return Case("byte order mark", "\uFEFF" + sample, true);
        yield return Case("CR LF line endings", sample.Replace("\n", "\r\n", StringComparison.Ordinal), true);
        yield return Case("CR line endings", sample.Replace("\n", "\r", StringComparison.Ordinal), null);
        yield return Case("tab indentation", sample.Replace("  ", "\t", StringComparison.Ordinal), false);
        yield return Case("NUL bytes", sample.Replace("routes:", "rou\0tes:", StringComparison.Ordinal), false);
        yield return Case("a key given twice", Minimal + "routes: []\n", false);
        yield return Case("a complex key", "? [a, b]\n: c\n" + Minimal, false);
        yield return Case("a second document", Minimal + "---\nservices: nonsense\n", null);
        yield return Case("a merge key", "base: &b { url: \"http://127.0.0.1:9\" }\n" + Minimal.Replace("{ url: \"http://127.0.0.1:9\" }", "{ <<: *b }", StringComparison.Ordinal), false);
        yield return Case("an undefined alias", Minimal + "gateway: *nowhere\n", false);
        yield return Case("a self-referencing anchor", "gateway: &g { name: *g }\n" + Minimal, false);
        yield return Case("a self-referencing block anchor", "stages: &s\n  dev:\n    variables: *s\n" + Minimal, false);
        yield return Case("an alias bomb", AliasBomb() + Minimal, false);
        yield return Case("100 nested lists", "gateway: " + new string('[', 100) + new string(']', 100) + "\n" + Minimal, false);
        yield return Case("100 nested maps", "gateway: " + string.Concat(Enumerable.Repeat("{a: ", 100)) + "1" + new string('}', 100) + "\n" + Minimal, false);
        yield return Case("a 1 MB name", $"gateway: {{ name: {new string('n', 1 << 20)} }}\n" + Minimal, true);
        yield return Case("a 1 MB line of flow mapping", "gateway: {" + string.Join(", ", Enumerable.Range(0, 60_000).Select(i => $"k{i}: {i}")) + "}\n" + Minimal, false);
        yield return Case("2,000 routes", Routes(2_000), true);
        yield return Case("2,000 routes on one path", SamePathRoutes(2_000), false);
        yield return Case("16 route parameters", Parameters(16), true);
        yield return Case("17 route parameters", Parameters(17), false);
        yield return Case("100 route parameters", Parameters(100), false);
        yield return Case("an unset environment variable", Minimal.Replace("http://127.0.0.1:9", "${env.HOSTILE_UNSET}", StringComparison.Ordinal), false);
        yield return Case("a placeholder left open", Minimal.Replace("http://127.0.0.1:9", "${env.HOSTILE_UNSET", StringComparison.Ordinal), false);
        yield return Case("unicode everywhere", "gateway: { name: ünï😀 }\nservices: { ß: { url: \"http://127.0.0.1:9\" } }\nroutes: [ { name: 日本, path: /ü, service: ß } ]\n", true);
    }

    /// <summary>Nine levels of nine aliases each: a billion leaves if anything expanded it.</summary>
    private static string AliasBomb()
    {
        var text = new StringBuilder("l0: &l0 [x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level < 9; level++)
        {
            text.Append($"l{level}: &l{level} [").Append(string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 9))).Append("]\n");
        }
        return text.ToString();
    }

    private static string Routes(int count) =>
        "services: { s: { url: \"http://127.0.0.1:9\" } }\nroutes:\n" +
        string.Concat(Enumerable.Range(0, count).Select(i => $"  - {{ path: \"/r{i}/{{id}}\", service: s }}\n"));

    private static string SamePathRoutes(int count) =>
        "services: { s: { url: \"http://127.0.0.1:9\" } }\nroutes:\n" +
        string.Concat(Enumerable.Range(0, count).Select(i => $"  - {{ name: r{i}, path: /same, service: s }}\n"));

    private static string Parameters(int count) =>
        "services: { s: { url: \"http://127.0.0.1:9\" } }\nroutes:\n  - { path: \"" +
        string.Concat(Enumerable.Range(0, count).Select(i => $"/{{p{i}}}")) + "\", service: s }\n";
}
