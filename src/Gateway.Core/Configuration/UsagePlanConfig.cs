namespace Gateway.Configuration;

public enum QuotaPeriod
{
    Day,
    Week,
    Month,
}

/// <summary>A steady request rate with a burst allowance: <c>requests</c> per <c>per</c>, up to <c>burst</c> at once.</summary>
public sealed record RateSpec(long Requests, TimeSpan Per, long Burst);

/// <summary>A number of requests per calendar period (UTC).</summary>
public sealed record QuotaSpec(long Limit, QuotaPeriod Period);

/// <summary>What a tenant pays for: a rate, a quota, and per-route rate overrides.</summary>
public sealed record UsagePlanConfig
{
    public required string Name { get; init; }
    public RateSpec? Rate { get; init; }
    public QuotaSpec? Quota { get; init; }

    /// <summary>Per-route rates keyed by route name, replacing <see cref="Rate"/> on those routes.</summary>
    public IReadOnlyDictionary<string, RateSpec> RouteRates { get; init; } = new Dictionary<string, RateSpec>();
}
