namespace Gateway.Configuration;

/// <summary>What makes a caller sticky to one side of a split (<c>stickyBy</c>).</summary>
public enum StickyKind
{
    Subject,
    Tenant,
    ApiKey,
    Ip,
    Header,
}

/// <summary>The caller's key for a sticky split; <see cref="Header"/> names the header for <see cref="StickyKind.Header"/>.</summary>
public sealed record StickyBy(StickyKind Kind, string? Header = null);

/// <summary>One side of a split: a service and its share (weights are relative to their sum).</summary>
public sealed record SplitSide(string Service, int Weight);

/// <summary>A route's <c>split</c>: the services that share its traffic, and what keeps a caller on one side.</summary>
public sealed record RouteSplit(IReadOnlyList<SplitSide> Sides, StickyBy? StickyBy)
{
    /// <summary>For listings: "orders-v1 90, orders-v2 10".</summary>
    public string ServiceNames => string.Join(", ", Sides.Select(side => $"{side.Service} {side.Weight}"));
}
