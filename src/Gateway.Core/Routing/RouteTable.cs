using Gateway.Configuration;
using Gateway.Http;

namespace Gateway.Routing;

/// <summary>
/// Finds the route for a request: the most specific template that matches the path and host, whose <c>match</c>
/// conditions hold and which allows the method. Routes are sorted once at build time (host, then path specificity,
/// then the number of match conditions), so a request walks them in order and stops at the first full match.
/// </summary>
public sealed class RouteTable
{
    private static readonly HeaderCollection NoHeaders = new(0);

    private readonly RouteConfig[] _routes;
    private readonly StringComparison _literals;
    private readonly FirstSegmentIndex _index;

    /// <param name="caseSensitive">Whether literal segments match only in their exact case (<c>gateway.caseSensitive</c>).</param>
    public RouteTable(IEnumerable<RouteConfig> routes, bool caseSensitive = false)
    {
        _literals = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        _routes = routes.ToArray();
        // Stable sort: among equally specific routes the configuration order decides.
        var order = _routes.Select((route, index) => (route, index)).ToArray();
        Array.Sort(order, static (a, b) =>
        {
            var byHost = (b.route.Host is not null).CompareTo(a.route.Host is not null);
            if (byHost != 0)
            {
                return byHost;
            }
            var bySpecificity = RouteTemplate.CompareSpecificity(a.route.Path, b.route.Path);
            if (bySpecificity != 0)
            {
                return bySpecificity;
            }
            var byConditions = b.route.Match.Count.CompareTo(a.route.Match.Count);
            return byConditions != 0 ? byConditions : a.index.CompareTo(b.index);
        });
        _routes = order.Select(pair => pair.route).ToArray();
        _index = new FirstSegmentIndex(_routes, _literals);
    }

    public IReadOnlyList<RouteConfig> Routes => _routes;

    /// <param name="headers">The client's headers, for routes with <c>match.headers</c>; none when null.</param>
    /// <param name="rawQuery">The query as received, for routes with <c>match.query</c>.</param>
    public RouteMatch Match(string method, string path, string? host, HeaderCollection? headers = null, string rawQuery = "")
    {
        headers ??= NoHeaders;
        Span<Range> captures = stackalloc Range[RouteTemplate.MaxParameters];
        var pathMatched = false;
        foreach (var route in _index.Candidates(path))
        {
            if (!Takes(route, path, host, headers, rawQuery, captures))
            {
                continue;
            }
            if (!route.AllowsMethod(method))
            {
                pathMatched = true;
                continue;
            }
            return new RouteMatch(RouteMatchOutcome.Matched, route, Capture(route.Path, path, captures), null);
        }

        return pathMatched
            ? new RouteMatch(RouteMatchOutcome.MethodNotAllowed, null, RouteValues.Empty, AllowedMethods(path, host, headers, rawQuery))
            : RouteMatch.NotFound;
    }

    /// <summary>
    /// Whether the route would take the request, whatever its method. A route whose conditions do not hold does not
    /// exist for the request: it neither serves it nor counts towards a 405.
    /// </summary>
    private bool Takes(RouteConfig route, string path, string? host, HeaderCollection headers, string rawQuery, Span<Range> captures) =>
        HostMatches(route.Host, host) && route.Path.TryMatch(path, captures, _literals) && route.Match.Holds(headers, rawQuery);

    /// <summary>Every method some route serves at this path: the value of a 405's <c>Allow</c> header.</summary>
    private string AllowedMethods(string path, string? host, HeaderCollection headers, string rawQuery)
    {
        Span<Range> captures = stackalloc Range[RouteTemplate.MaxParameters];
        var methods = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var route in _index.Candidates(path))
        {
            if (Takes(route, path, host, headers, rawQuery, captures))
            {
                methods.UnionWith(route.AllowedMethods);
            }
        }
        return string.Join(", ", methods);
    }

    private static RouteValues Capture(RouteTemplate template, string path, ReadOnlySpan<Range> captures)
    {
        var count = template.ParameterCount;
        if (count == 0)
        {
            return RouteValues.Empty;
        }
        var values = new KeyValuePair<string, string>[count];
        var index = 0;
        foreach (var segment in template.Segments)
        {
            if (segment.Kind != SegmentKind.Literal)
            {
                values[index] = new(segment.Value, Uri.UnescapeDataString(path[captures[index]]));
                index++;
            }
        }
        return new RouteValues(values);
    }

    /// <summary>
    /// A route without a host serves every host; "*.example.com" serves any subdomain. Both sides are canonical (see
    /// <see cref="Canonicalization.CanonicalHost"/>), so the comparison is exact.
    /// </summary>
    private static bool HostMatches(string? pattern, string? host)
    {
        if (pattern is null)
        {
            return true;
        }
        if (host is null)
        {
            return false;
        }
        return pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern.AsSpan(1), StringComparison.Ordinal) && host.Length > pattern.Length - 1
            : host.Equals(pattern, StringComparison.Ordinal);
    }
}
