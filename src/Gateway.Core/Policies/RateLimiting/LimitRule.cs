using Gateway.Pipeline;

namespace Gateway.Policies.RateLimiting;

/// <summary>What a limit's counter is keyed by. Several parts make one key: <c>by: [route, ip]</c>.</summary>
public enum LimitKeyPart
{
    /// <summary>One counter for every request the limit sees.</summary>
    Global,
    Service,
    Route,
    Tenant,
    ApiKey,
    Subject,
    Ip,
}

/// <summary>When the shared store cannot answer: admit (judged by a local in-memory backstop) or refuse with 503.</summary>
public enum FailMode
{
    Open,
    Closed,
}

/// <summary>
/// Exact: one conditional write per admitted request (at most about 1,000 per second per key, DynamoDB's per-item
/// write rate). Leased: each instance takes a batch of tokens per write and spends them locally.
/// </summary>
public enum LimitMode
{
    Exact,
    Leased,
}

/// <summary>One limit, ready to run: its algorithm, how its counter is keyed, and what to do when the store fails.</summary>
public sealed class LimitRule(
    string name,
    string keyPrefix,
    IReadOnlyList<LimitKeyPart> by,
    RateAlgorithm algorithm,
    string description,
    LimitMode mode = LimitMode.Exact,
    int leaseSize = 1,
    FailMode failMode = FailMode.Open,
    bool isQuota = false)
{
    /// <summary>The name clients see in errors, and telemetry reports.</summary>
    public string Name { get; } = name;

    public RateAlgorithm Algorithm { get; } = algorithm;

    /// <summary>For messages: "100 requests per 1s".</summary>
    public string Description { get; } = description;

    public LimitMode Mode { get; } = mode;

    public int LeaseSize { get; } = mode == LimitMode.Leased ? leaseSize : 1;

    public FailMode FailMode { get; } = failMode;

    public bool IsQuota { get; } = isQuota;

    /// <summary>The counter key for a caller identified by <paramref name="value"/>.</summary>
    public string Key(string value) => string.Concat(keyPrefix, value);

    /// <summary>The counter key for this request, built from the <c>by</c> parts. An absent part is "-".</summary>
    public string KeyFor(GatewayContext context)
    {
        if (by.Count == 1)
        {
            return Key(Part(by[0], context));
        }
        var parts = new string[by.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = Part(by[i], context);
        }
        return Key(string.Join('|', parts));
    }

    private static string Part(LimitKeyPart part, GatewayContext context) => part switch
    {
        LimitKeyPart.Global => "*",
        // A composed route calls several services: it counts as a service of its own.
        LimitKeyPart.Service => context.Route.Service ?? context.Route.Name,
        LimitKeyPart.Route => context.Route.Name,
        LimitKeyPart.Tenant => context.Identity?.Tenant,
        LimitKeyPart.ApiKey => context.Identity?.KeyId,
        LimitKeyPart.Subject => context.Identity?.Subject,
        LimitKeyPart.Ip => context.Request.ClientAddress?.ToString(),
        _ => null,
    } ?? "-";
}
