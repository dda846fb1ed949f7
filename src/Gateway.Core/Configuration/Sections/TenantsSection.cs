namespace Gateway.Configuration.Sections;

/// <summary>Reads <c>tenants:</c>, the tenants the configuration declares, each on a usage plan.</summary>
internal static class TenantsSection
{
    public static IReadOnlyDictionary<string, TenantConfig> Read(ConfigNode node, IReadOnlyDictionary<string, UsagePlanConfig> plans)
    {
        var tenants = new Dictionary<string, TenantConfig>(StringComparer.Ordinal);
        foreach (var (name, tenant) in node.Entries())
        {
            tenant.AllowKeys("plan");
            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                tenant.Error("a tenant name may contain only letters, digits, '-' and '_'");
            }
            var plan = tenant["plan"].RequiredString();
            if (plan.Length > 0 && !plans.ContainsKey(plan))
            {
                tenant["plan"].Error($"unknown usage plan \"{plan}\"{Suggestions.DidYouMean(plan, plans.Keys)}");
            }
            tenants[name] = new TenantConfig(name, plan);
        }
        return tenants;
    }
}
