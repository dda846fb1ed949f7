using System.Globalization;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Pipeline;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// Admits or refuses a request against every limit it is subject to (the gateway's, the route's and the caller's
/// usage plan), checked together, and reports the tightest in RateLimit-* headers.
/// </summary>
public sealed class RateLimitPolicy(
    IReadOnlyList<LimitRule> rules,
    IReadOnlyDictionary<string, PlanRules> plans,
    bool headers,
    RateLimiter limiter,
    TimeProvider time) : IGatewayPolicy
{
    /// <summary>The limit or quota that refused the request.</summary>
    public static TelemetryTag LimitTag { get; } = new("rate_limit");

    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var checks = new List<LimitCheck>(rules.Count + 2);
        foreach (var rule in rules)
        {
            checks.Add(new LimitCheck(rule, rule.KeyFor(context)));
        }
        if (context.Identity is { Plan: { } planName } identity)
        {
            if (!plans.TryGetValue(planName, out var plan))
            {
                // The authorizer vouched for a plan this configuration does not know: refuse rather than guess its limits.
                return GatewayErrors.Create(context, 403, ErrorCodes.Forbidden, $"the caller's usage plan \"{planName}\" is not configured on this gateway");
            }
            var holder = PlanHolder(identity);
            if (plan.Rate is { } rate)
            {
                checks.Add(new LimitCheck(rate, rate.Key(holder)));
            }
            if (plan.Quota is { } quota)
            {
                checks.Add(new LimitCheck(quota, quota.Key(holder)));
            }
        }
        if (checks.Count == 0)
        {
            return await next(context).ConfigureAwait(false);
        }

        var admission = await limiter.CheckAsync(checks, context).ConfigureAwait(false);
        if (headers && admission.Tightest is { } tightest)
        {
            SetHeaders(context.ResponseHeaders, tightest);
        }
        return admission.Outcome switch
        {
            AdmissionOutcome.Admitted => await next(context).ConfigureAwait(false),
            AdmissionOutcome.Rejected when admission.Rule!.IsQuota => QuotaExceeded(context, admission, time.GetUtcNow()),
            AdmissionOutcome.Rejected => RateLimited(context, admission),
            _ => Unavailable(context, admission),
        };
    }

    /// <summary>Plans are the tenant's; a caller without a tenant is counted by its key or subject instead.</summary>
    private static string PlanHolder(CallerIdentity identity) =>
        identity.Tenant ?? (identity.KeyId is { } key ? "key:" + key : identity.Subject is { } subject ? "sub:" + subject : "-");

    private static GatewayResponse RateLimited(GatewayContext context, Admission admission)
    {
        var rule = admission.Rule!;
        context.Telemetry.Tag(LimitTag, rule.Name);
        var seconds = Seconds(admission.RetryAfter);
        return WithRetryAfter(GatewayErrors.Create(context, 429, ErrorCodes.RateLimited,
            $"rate limit \"{rule.Name}\" exceeded ({rule.Description}); retry in {seconds} s", rule.Name), seconds);
    }

    private static GatewayResponse QuotaExceeded(GatewayContext context, Admission admission, DateTimeOffset now)
    {
        var rule = admission.Rule!;
        context.Telemetry.Tag(LimitTag, rule.Name);
        var seconds = Seconds(admission.RetryAfter);
        var resetAt = (now + admission.RetryAfter).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return WithRetryAfter(GatewayErrors.Create(context, 429, ErrorCodes.QuotaExceeded,
            $"quota \"{rule.Name}\" is used up ({rule.Description}); it resets at {resetAt}", rule.Name), seconds);
    }

    private static GatewayResponse Unavailable(GatewayContext context, Admission admission)
    {
        // Not counted as rate limited: the store failure is already counted, and the error code says the rest.
        var rule = admission.Rule!;
        return WithRetryAfter(GatewayErrors.Create(context, 503, ErrorCodes.LimitUnavailable,
            $"rate limit \"{rule.Name}\" cannot be checked right now; try again shortly", rule.Name), Seconds(admission.RetryAfter));
    }

    private static GatewayResponse WithRetryAfter(GatewayResponse response, long seconds)
    {
        response.Headers.Set(HeaderNames.RetryAfter, seconds.ToString(CultureInfo.InvariantCulture));
        return response;
    }

    private static void SetHeaders(HeaderCollection target, RateLimitSnapshot snapshot)
    {
        var limit = snapshot.Limit.ToString(CultureInfo.InvariantCulture);
        var remaining = Math.Max(0, snapshot.Remaining).ToString(CultureInfo.InvariantCulture);
        var reset = Math.Max(0, (long)Math.Ceiling(snapshot.Reset.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        target.Set(RateLimitHeaders.Limit, limit);
        target.Set(RateLimitHeaders.Remaining, remaining);
        target.Set(RateLimitHeaders.Reset, reset);
        target.Set(RateLimitHeaders.LegacyLimit, limit);
        target.Set(RateLimitHeaders.LegacyRemaining, remaining);
        target.Set(RateLimitHeaders.LegacyReset, reset);
    }

    /// <summary>Whole seconds, rounded up: a client that waits this long will not be refused again for the same reason.</summary>
    private static long Seconds(TimeSpan value) => Math.Max(1, (long)Math.Ceiling(value.TotalSeconds));
}

/// <summary>The rate-limit header names: the IETF draft's, and the X- ones many clients still read.</summary>
public static class RateLimitHeaders
{
    public const string Limit = "RateLimit-Limit";
    public const string Remaining = "RateLimit-Remaining";
    public const string Reset = "RateLimit-Reset";
    public const string LegacyLimit = "X-RateLimit-Limit";
    public const string LegacyRemaining = "X-RateLimit-Remaining";
    public const string LegacyReset = "X-RateLimit-Reset";
}
