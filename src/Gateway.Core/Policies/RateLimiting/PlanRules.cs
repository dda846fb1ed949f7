using Gateway.Configuration;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// A usage plan's limits on one route: its rate (the plan's per-route rate when it sets one) as a token bucket, and its
/// quota as a calendar-period counter. Both are keyed by tenant, so every key of a tenant shares them.
/// </summary>
public sealed record PlanRules(LimitRule? Rate, LimitRule? Quota)
{
    public static PlanRules For(UsagePlanConfig plan, RouteConfig route) =>
        new(plan.RouteRates.TryGetValue(route.Name, out var own) ? RouteRate(plan, route.Name, own) : PlanRate(plan), CalendarQuota(plan));

    /// <summary>Every limit the plan has: its rate, each per-route rate, its quota (what <c>gatewayctl keys usage</c> shows).</summary>
    public static IReadOnlyList<LimitRule> All(UsagePlanConfig plan) =>
        new[] { PlanRate(plan) }
            .Concat(plan.RouteRates.Select(pair => RouteRate(plan, pair.Key, pair.Value)))
            .Append(CalendarQuota(plan))
            .OfType<LimitRule>()
            .ToList();

    private static LimitRule? PlanRate(UsagePlanConfig plan) => plan.Rate is { } spec ? TokenBucket($"plan:{plan.Name}", spec) : null;

    private static LimitRule RouteRate(UsagePlanConfig plan, string route, RateSpec spec) => TokenBucket($"plan:{plan.Name}:{route}", spec);

    private static LimitRule TokenBucket(string name, RateSpec spec) =>
        new(name, $"rl#{name}#", [LimitKeyPart.Tenant], new TokenBucketAlgorithm(spec.Requests, spec.Per, spec.Burst),
            $"{spec.Requests} requests per {ConfigValues.FormatDuration(spec.Per)}, bursts of {spec.Burst}");

    private static LimitRule? CalendarQuota(UsagePlanConfig plan)
    {
        if (plan.Quota is not { } q)
        {
            return null;
        }
        var period = q.Period.ToString().ToLowerInvariant();
        // Keyed by period, not plan: a tenant moved to another plan keeps what it has used this period.
        return new LimitRule($"quota:{plan.Name}", $"quota#{period}#", [LimitKeyPart.Tenant],
            new FixedWindowAlgorithm(q.Limit, WindowSchedule.Calendar(q.Period)), $"{q.Limit} requests per {period}", isQuota: true);
    }
}
