using Gateway.Configuration;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// A usage plan's limits on one route: its rate (the plan's per-route rate when it sets one) as a token bucket, and its
/// quota as a calendar-period counter. Both are keyed by tenant, so every key of a tenant shares them.
/// </summary>
public sealed record PlanRules(LimitRule? Rate, LimitRule? Quota)
{
    public static PlanRules For(UsagePlanConfig plan, RouteConfig route)
    {
        LimitRule? rate = null;
        var routeRate = plan.RouteRates.TryGetValue(route.Name, out var own) ? own : null;
        if ((routeRate ?? plan.Rate) is { } spec)
        {
            var name = routeRate is null ? $"plan:{plan.Name}" : $"plan:{plan.Name}:{route.Name}";
            rate = new LimitRule(name, $"rl#{name}#", [LimitKeyPart.Tenant], new TokenBucketAlgorithm(spec.Requests, spec.Per, spec.Burst),
                $"{spec.Requests} requests per {ConfigValues.FormatDuration(spec.Per)}, bursts of {spec.Burst}");
        }
        LimitRule? quota = null;
        if (plan.Quota is { } q)
        {
            var period = q.Period.ToString().ToLowerInvariant();
            // Keyed by period, not plan: a tenant moved to another plan keeps what it has used this period.
            quota = new LimitRule($"quota:{plan.Name}", $"quota#{period}#", [LimitKeyPart.Tenant],
                new FixedWindowAlgorithm(q.Limit, WindowSchedule.Calendar(q.Period)), $"{q.Limit} requests per {period}", isQuota: true);
        }
        return new PlanRules(rate, quota);
    }
}
