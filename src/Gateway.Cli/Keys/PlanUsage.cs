using Gateway.Configuration;
using Gateway.Policies.RateLimiting;
using Gateway.State;

namespace Gateway.Cli.Keys;

/// <summary>One limit of a tenant's plan as it stands: how much is used of it and when it is whole again.</summary>
public sealed record PlanLimitUsage(string Name, string Description, long Used, long Limit, TimeSpan ResetAfter);

/// <summary>
/// What <c>gatewayctl keys usage</c> shows (AWS's <c>get-usage</c>): each limit of the key's plan, read from the
/// counters the proxy writes. Counters belong to the tenant, so every key of a tenant shows the same usage.
/// </summary>
public static class PlanUsage
{
    public static async Task<IReadOnlyList<PlanLimitUsage>> ReadAsync(
        ApiKeyRecord key, UsagePlanConfig plan, Func<string, CancellationToken, Task<CounterState?>> readCounter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var usage = new List<PlanLimitUsage>();
        foreach (var rule in PlanRules.All(plan))
        {
            var state = await readCounter(rule.Key(key.Tenant), cancellationToken).ConfigureAwait(false);
            var algorithm = rule.Algorithm;
            usage.Add(new PlanLimitUsage(rule.Name, rule.Description, algorithm.Limit - algorithm.Available(state, now), algorithm.Limit, algorithm.ResetAfter(state, now)));
        }
        return usage;
    }
}
