using Gateway.Configuration;

namespace Gateway.Policies.RateLimiting;

public enum RateAlgorithmKind
{
    FixedWindow,
    SlidingWindow,
    TokenBucket,
}

/// <summary>One configured limit (an entry of <c>rateLimit.limits</c>).</summary>
public sealed record RateLimitDefinition(
    string Name,
    IReadOnlyList<LimitKeyPart> By,
    RateAlgorithmKind Algorithm,
    RateSpec Rate,
    LimitMode Mode,
    int LeaseSize,
    FailMode FailMode);

/// <summary>The <c>rateLimit</c> policy's settings: its limits, and whether responses carry rate-limit headers.</summary>
public sealed record RateLimitSettings(IReadOnlyList<RateLimitDefinition> Limits, bool? Headers)
{
    /// <summary>For routes with no limits of their own that still enforce the caller's usage plan.</summary>
    public static RateLimitSettings None { get; } = new([], null);
}
