namespace Gateway.Configuration.Sections;

/// <summary>Value readers for settings that AWS takes in its own units.</summary>
internal static class DeploymentValues
{
    /// <summary>A duration that AWS accepts only in whole seconds (cache TTLs, timeouts, max-age).</summary>
    public static TimeSpan WholeSeconds(ConfigNode node, TimeSpan fallback, TimeSpan min, TimeSpan max)
    {
        var value = node.Duration(fallback, min, max);
        if (value.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            node.Error("must be a whole number of seconds (AWS takes this setting in seconds)");
            return fallback;
        }
        return value;
    }
}
