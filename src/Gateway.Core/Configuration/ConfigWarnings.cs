namespace Gateway.Configuration;

/// <summary>Settings that are valid but deserve a second look (for example, ones that widen who sees what).</summary>
public interface IConfigWarnings
{
    IEnumerable<string> Warnings();
}

/// <summary>The warnings of a valid configuration, located like problems: <c>config validate</c> prints them.</summary>
public static class ConfigWarnings
{
    public static IEnumerable<ConfigProblem> For(GatewayConfig config, string file, HostProfile host)
    {
        if (config.Settings.Tls is not null && !host.TerminatesTls)
        {
            yield return new ConfigProblem(file, 0, "gateway.tls", $"has no effect on {host.Name}: API Gateway terminates TLS in front of it");
        }
        foreach (var policy in config.DefaultPolicies.Concat(config.Routes.SelectMany(route => route.Policies)).Distinct())
        {
            if (policy.Settings is IConfigWarnings settings)
            {
                foreach (var warning in settings.Warnings())
                {
                    yield return new ConfigProblem(file, policy.Line, policy.Path, warning);
                }
            }
        }
    }
}
