using System.Text;
using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Configuration;

/// <summary>
/// Sampled random YAML: trees of the configuration's own keys and random ones, in block and flow style, with
/// scalars of every kind, anchors, aliases and tags. Almost all of it must be rejected, with problems.
/// </summary>
public sealed class RandomYamlFamily : IConfigFamily
{
    private const int Count = 500;

    private static readonly string[] Keys =
    [
        "gateway", "services", "routes", "usagePlans", "stages", "policies", "auth", "functions", "cors", "tenants",
        "name", "url", "instances", "weight", "path", "methods", "host", "stripPrefix", "service", "timeouts", "connect",
        "read", "deadline", "retry", "attempts", "circuitBreaker", "rateLimit", "limits", "requests", "per", "burst", "by",
        "algorithm", "quota", "limit", "period", "requestHeaders", "set", "remove", "rename", "add", "type", "scopes",
        "throttle", "rate", "variables", "cacheTtl", "proxy", "memory", "timeout", "allowOrigins", "plan", "x", "ünï", "",
    ];

    private static readonly string[] Scalars =
    [
        "1", "-1", "0", "1.5", "true", "no", "~", "null", "''", "/a/{b}", "/{p+}", "http://127.0.0.1:9/x", "1ms", "6MB", "1GB",
        "GET", "ANY", "jwt", "apiKey", "*.example.com", "https://app.example.com", "${env.HOSTILE_UNSET}", "${env.X:-d}",
        "!!str 5", "!!int x", "day", "tokenBucket", "[GET, POST]", "{}", "[]", "\"a: b\"", "'#'",
    ];

    public string Name => "config-random";

    public IEnumerable<ConfigCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        var random = settings.RandomFor(Name);
        for (var i = 0; i < settings.Sample(Count); i++)
        {
            var text = new StringBuilder();
            var anchors = new List<string>();
            Mapping(text, random, 0, anchors);
            yield return new ConfigCase(ids.Next($"random tree {i}"), text.ToString());
        }
    }

    private static void Mapping(StringBuilder text, Random random, int depth, List<string> anchors)
    {
        var indent = new string(' ', depth * 2);
        for (var entry = random.Next(1, 6); entry > 0; entry--)
        {
            text.Append(indent).Append(Keys[random.Next(Keys.Length)]).Append(':');
            Value(text, random, depth, anchors);
        }
    }

    private static void Value(StringBuilder text, Random random, int depth, List<string> anchors)
    {
        var choice = depth > 4 ? 0 : random.Next(6);
        if (random.Next(12) == 0)
        {
            var anchor = $"a{anchors.Count}";
            anchors.Add(anchor);
            text.Append(" &").Append(anchor);
        }
        switch (choice)
        {
            case 1:
                text.Append('\n');
                Mapping(text, random, depth + 1, anchors);
                break;
            case 2:
                text.Append('\n');
                for (var item = random.Next(1, 4); item > 0; item--)
                {
                    text.Append(new string(' ', depth * 2 + 2)).Append("- ").Append(Scalars[random.Next(Scalars.Length)]).Append('\n');
                }
                break;
            case 3:
                text.Append(" { ").Append(Keys[random.Next(Keys.Length)]).Append(": ").Append(Scalars[random.Next(Scalars.Length)]).Append(" }\n");
                break;
            case 4 when anchors.Count > 0:
                text.Append(" *").Append(anchors[random.Next(anchors.Count)]).Append('\n');
                break;
            default:
                text.Append(' ').Append(Scalars[random.Next(Scalars.Length)]).Append('\n');
                break;
        }
    }
}
