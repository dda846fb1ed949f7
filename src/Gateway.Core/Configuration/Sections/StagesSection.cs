namespace Gateway.Configuration.Sections;

/// <summary>Reads <c>stages:</c>, API Gateway's deployment stages with their throttling and variables.</summary>
internal static class StagesSection
{
    public static IReadOnlyDictionary<string, StageConfig> Read(ConfigNode node)
    {
        var stages = new Dictionary<string, StageConfig>(StringComparer.Ordinal);
        foreach (var (name, stage) in node.Entries())
        {
            stage.AllowKeys("throttle", "variables");
            if (!IsStageName(name))
            {
                stage.Error("a stage name may contain only letters, digits, '-' and '_'");
            }
            var throttle = stage["throttle"];
            throttle.AllowKeys("rate", "burst");
            foreach (var (variable, value) in stage["variables"].Entries())
            {
                if (!IsStageName(variable))
                {
                    value.Error("a stage variable name may contain only letters, digits, '-' and '_'");
                }
            }
            stages[name] = new StageConfig(
                name,
                ThrottleRate: throttle["rate"].Int(1000, 1, 1_000_000),
                ThrottleBurst: throttle["burst"].Int(2000, 1, 1_000_000),
                Variables: stage["variables"].StringMap());
        }
        return stages;
    }

    private static bool IsStageName(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
