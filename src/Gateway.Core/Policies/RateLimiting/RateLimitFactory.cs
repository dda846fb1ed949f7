using Gateway.Configuration;
using Gateway.Configuration.Sections;
using Gateway.Pipeline;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Policies.RateLimiting;

/// <summary>
/// The <c>rateLimit</c> policy. Limits set under the top-level <c>policies:</c> are layered under every route's own
/// (a route limit of the same name replaces the gateway's); the caller's usage plan is layered on top.
/// </summary>
public sealed class RateLimitFactory : PolicyFactory<RateLimitSettings>, IImplicitPolicyFactory
{
    public const string PolicyName = "rateLimit";

    private static readonly (string, LimitKeyPart)[] KeyParts =
    [
        ("global", LimitKeyPart.Global), ("service", LimitKeyPart.Service), ("route", LimitKeyPart.Route),
        ("tenant", LimitKeyPart.Tenant), ("apiKey", LimitKeyPart.ApiKey), ("subject", LimitKeyPart.Subject), ("ip", LimitKeyPart.Ip),
    ];

    private RateLimitFactory()
    {
    }

    public static RateLimitFactory Instance { get; } = new();

    public override string Name => PolicyName;

    public override PolicyPhase Phase => PolicyPhase.Admission;

    public override BodyNeeds BodyNeeds => BodyNeeds.None;

    protected override RateLimitSettings Read(ConfigNode node)
    {
        node.AllowKeys("limits", "headers");
        var limits = new List<RateLimitDefinition>();
        foreach (var item in node["limits"].Items())
        {
            if (ReadLimit(item) is { } limit)
            {
                if (limits.Any(l => l.Name == limit.Name))
                {
                    item["name"].Error($"limit name \"{limit.Name}\" is already used in this list");
                }
                limits.Add(limit);
            }
        }
        return new RateLimitSettings(limits, node["headers"].Exists ? node["headers"].Bool(true) : null);
    }

    protected override IGatewayPolicy Create(RateLimitSettings settings, PolicyBuildContext context)
    {
        var defaults = context.Config.DefaultPolicies.FirstOrDefault(d => d.Factory == this)?.Settings as RateLimitSettings;
        var limits = defaults is null || ReferenceEquals(defaults, settings)
            ? settings.Limits
            : defaults.Limits.Where(d => settings.Limits.All(own => own.Name != d.Name)).Concat(settings.Limits).ToArray();
        var rules = limits.Select(ToRule).ToArray();
        var headers = settings.Headers ?? defaults?.Headers ?? true;
        var plans = context.Config.UsagePlans.ToDictionary(
            plan => plan.Key,
            plan => PlanRules.For(plan.Value, context.Route),
            StringComparer.Ordinal);
        return new RateLimitPolicy(rules, plans, headers, Limiter(context), context.Services.Time);
    }

    /// <summary>Usage plans bind every route, limited or not.</summary>
    public object? ImplicitSettings(GatewayConfig config, RouteConfig route) => config.UsagePlans.Count > 0 ? RateLimitSettings.None : null;

    /// <summary>The gateway instance's one limiter, shared by every route so that a limit shared by routes is one counter.</summary>
    private static RateLimiter Limiter(PolicyBuildContext context)
    {
        var services = context.Services;
        return context.Shared.GetOrAdd(() => new RateLimiter(services.Counters ?? new InMemoryCounterStore(services.Time), services.Time,
            services.LoggerFactory.CreateLogger<RateLimiter>()));
    }

    private static RateLimitDefinition? ReadLimit(ConfigNode node)
    {
        node.AllowKeys("name", "by", "algorithm", "requests", "per", "burst", "mode", "lease", "failMode");
        var name = node["name"].RequiredString();
        if (name.AsSpan().IndexOfAny(":#|") >= 0)
        {
            // Counter keys are built from names with these separators; plan limits use "plan:…" and "quota:…".
            node["name"].Error("a limit name may not contain ':', '#' or '|'");
        }
        var by = node["by"].Exists
            ? node["by"].StringList().Select(part => ReadKeyPart(node["by"], part)).ToArray()
            : [LimitKeyPart.Global];
        var algorithm = node["algorithm"].Choice(RateAlgorithmKind.SlidingWindow,
            ("fixedWindow", RateAlgorithmKind.FixedWindow), ("slidingWindow", RateAlgorithmKind.SlidingWindow), ("tokenBucket", RateAlgorithmKind.TokenBucket));
        if (algorithm != RateAlgorithmKind.TokenBucket && node["burst"].Exists)
        {
            node["burst"].Error("burst applies to the tokenBucket algorithm only");
        }
        var rate = UsagePlansSection.ReadRate(node, allowExtraKeys: true);
        var mode = node["mode"].Choice(LimitMode.Exact, ("exact", LimitMode.Exact), ("leased", LimitMode.Leased));
        if (mode != LimitMode.Leased && node["lease"].Exists)
        {
            node["lease"].Error("lease applies to mode: leased only");
        }
        var lease = node["lease"].Int(10, 2, 1000);
        if (mode == LimitMode.Leased && lease > rate.Burst)
        {
            node["lease"].Error($"a lease of {lease} is more than the limit allows at once ({rate.Burst})");
        }
        var failMode = node["failMode"].Choice(FailMode.Open, ("open", FailMode.Open), ("closed", FailMode.Closed));
        return name.Length == 0 || by.Any(part => part is null)
            ? null
            : new RateLimitDefinition(name, by.Select(part => part!.Value).ToArray(), algorithm, rate, mode, lease, failMode);
    }

    private static LimitKeyPart? ReadKeyPart(ConfigNode node, string text)
    {
        foreach (var (name, part) in KeyParts)
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                return part;
            }
        }
        node.Error($"\"{text}\" is not one of: {string.Join(", ", KeyParts.Select(k => k.Item1))}");
        return null;
    }

    private static LimitRule ToRule(RateLimitDefinition limit) => new(
        limit.Name,
        $"rl#{limit.Name}#",
        limit.By,
        limit.Algorithm switch
        {
            RateAlgorithmKind.FixedWindow => new FixedWindowAlgorithm(limit.Rate.Requests, WindowSchedule.Fixed(limit.Rate.Per)),
            RateAlgorithmKind.SlidingWindow => new SlidingWindowAlgorithm(limit.Rate.Requests, limit.Rate.Per),
            _ => new TokenBucketAlgorithm(limit.Rate.Requests, limit.Rate.Per, limit.Rate.Burst),
        },
        $"{limit.Rate.Requests} requests per {ConfigValues.FormatDuration(limit.Rate.Per)}",
        limit.Mode,
        limit.LeaseSize,
        limit.FailMode);
}
