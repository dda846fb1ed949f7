using Gateway.Configuration;

namespace Gateway.Routing;

/// <summary>
/// The sorted routes a request can possibly match, by the path's first segment: a route whose template starts with a
/// literal can only match paths that start with it, so a request walks the few routes under its first segment (and
/// those starting with a parameter) instead of the whole table. Each list keeps the table's order.
/// </summary>
internal sealed class FirstSegmentIndex
{
    private readonly RouteConfig[] _unindexed;
    private readonly Dictionary<string, RouteConfig[]>.AlternateLookup<ReadOnlySpan<char>> _byFirstSegment;

    /// <param name="sorted">The routes in matching order.</param>
    /// <param name="literals">How literal segments compare (case-insensitively unless the gateway is case-sensitive).</param>
    public FirstSegmentIndex(RouteConfig[] sorted, StringComparison literals)
    {
        var comparer = literals == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase;
        _unindexed = sorted.Where(route => FirstLiteral(route) is null).ToArray();
        var byFirstSegment = new Dictionary<string, RouteConfig[]>(comparer);
        foreach (var key in sorted.Select(FirstLiteral).OfType<string>().Distinct(comparer))
        {
            byFirstSegment[key] = sorted.Where(route => FirstLiteral(route) is not { } first || comparer.Equals(first, key)).ToArray();
        }
        _byFirstSegment = byFirstSegment.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>The routes that may match <paramref name="path"/>, in matching order.</summary>
    public RouteConfig[] Candidates(ReadOnlySpan<char> path)
    {
        var rest = path.Length > 0 ? path[1..] : path;
        var slash = rest.IndexOf('/');
        return _byFirstSegment.TryGetValue(slash < 0 ? rest : rest[..slash], out var candidates) ? candidates : _unindexed;
    }

    /// <summary>The literal a route's path must start with: its first segment, "" for "/"; null when it starts with a parameter.</summary>
    private static string? FirstLiteral(RouteConfig route) =>
        route.Path.Segments.Count == 0 ? string.Empty
        : route.Path.Segments[0].Kind == SegmentKind.Literal ? route.Path.Segments[0].Value
        : null;
}
