namespace Gateway.Configuration.Sections;

/// <summary>Reads <c>usagePlans:</c>, what each tenant's plan allows.</summary>
internal static class UsagePlansSection
{
    public static IReadOnlyDictionary<string, UsagePlanConfig> Read(ConfigNode node)
    {
        var plans = new Dictionary<string, UsagePlanConfig>(StringComparer.Ordinal);
        foreach (var (name, plan) in node.Entries())
        {
            plan.AllowKeys("rate", "quota", "routes");
            var routeRates = new Dictionary<string, RateSpec>(StringComparer.Ordinal);
            foreach (var (route, rate) in plan["routes"].Entries())
            {
                routeRates[route] = ReadRate(rate);
            }
            plans[name] = new UsagePlanConfig
            {
                Name = name,
                Rate = plan["rate"].Exists ? ReadRate(plan["rate"]) : null,
                Quota = plan["quota"].Exists ? ReadQuota(plan["quota"]) : null,
                RouteRates = routeRates,
            };
        }
        return plans;
    }

    /// <summary>
    /// A rate: <c>{ requests: 10, per: 1s, burst: 20 }</c>. Burst defaults to the request count. A rate limit reads the
    /// same fields among its own, so it checks its keys itself (<paramref name="allowExtraKeys"/>).
    /// </summary>
    public static RateSpec ReadRate(ConfigNode node, bool allowExtraKeys = false)
    {
        if (!allowExtraKeys)
        {
            node.AllowKeys("requests", "per", "burst");
        }
        var requests = node["requests"].Exists ? node["requests"].Long(1, 1, 1_000_000_000) : Required(node["requests"]);
        var per = node["per"].Duration(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(31));
        var burst = node["burst"].Long(requests, 1, 1_000_000_000);
        return new RateSpec(requests, per, burst);
    }

    public static void CheckRouteReferences(ConfigNode node, IReadOnlyDictionary<string, UsagePlanConfig> plans, IReadOnlyList<RouteConfig> routes)
    {
        foreach (var (name, plan) in plans)
        {
            foreach (var route in plan.RouteRates.Keys)
            {
                if (routes.All(r => r.Name != route))
                {
                    node[name]["routes"][route].Error($"unknown route \"{route}\"{Suggestions.DidYouMean(route, routes.Select(r => r.Name))}");
                }
            }
        }
    }

    private static QuotaSpec ReadQuota(ConfigNode node)
    {
        node.AllowKeys("limit", "period");
        var limit = node["limit"].Exists ? node["limit"].Long(1, 1, long.MaxValue / 2) : Required(node["limit"]);
        var period = node["period"].Choice(QuotaPeriod.Day, ("day", QuotaPeriod.Day), ("week", QuotaPeriod.Week), ("month", QuotaPeriod.Month));
        return new QuotaSpec(limit, period);
    }

    private static long Required(ConfigNode node)
    {
        node.Error("is required");
        return 1;
    }
}
