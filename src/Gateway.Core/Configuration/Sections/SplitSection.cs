using Gateway.Http;

namespace Gateway.Configuration.Sections;

/// <summary>
/// Reads a route's <c>split: [{ service, weight }]</c> and <c>stickyBy: subject | tenant | apiKey | ip | header:NAME</c>.
/// </summary>
internal static class SplitSection
{
    private const string HeaderPrefix = "header:";

    /// <summary>The route's split, or null when it has none (or it is unusable, after reporting why).</summary>
    public static RouteSplit? Read(ConfigNode route, IReadOnlyDictionary<string, ServiceConfig> services)
    {
        var node = route["split"];
        if (!node.Exists)
        {
            if (route["stickyBy"].Exists)
            {
                route["stickyBy"].Error("keeps a caller on one side of a split; the route has no split");
            }
            return null;
        }
        var sides = new List<SplitSide>();
        foreach (var item in node.Items())
        {
            item.AllowKeys("service", "weight");
            var service = item["service"].RequiredString();
            var weight = item["weight"].Int(-1, 0, 1_000_000);
            if (!item["weight"].Exists)
            {
                item["weight"].Error("is required (a whole number; weights are relative to their sum)");
            }
            if (service.Length > 0 && !services.ContainsKey(service))
            {
                item["service"].Error($"unknown service \"{service}\"{Suggestions.DidYouMean(service, services.Keys)}");
            }
            else if (sides.Exists(side => side.Service == service))
            {
                item["service"].Error($"\"{service}\" is already a side of this split; give it one weight");
            }
            sides.Add(new SplitSide(service, weight));
        }
        if (sides.Count < 2)
        {
            node.Error("needs at least two sides ({ service, weight }); a route with one service names it with service:");
        }
        else if (sides.All(side => side.Weight == 0))
        {
            node.Error("every weight is 0, so no side would get traffic");
        }
        var stickyBy = ReadStickyBy(route["stickyBy"]);
        return sides.Count >= 2 && sides.All(side => side.Weight >= 0 && services.ContainsKey(side.Service)) ? new RouteSplit(sides, stickyBy) : null;
    }

    private static StickyBy? ReadStickyBy(ConfigNode node)
    {
        var text = node.String();
        if (text is null)
        {
            return null;
        }
        if (text.StartsWith(HeaderPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var header = text[HeaderPrefix.Length..].Trim();
            if (HttpToken.IsValid(header))
            {
                return new StickyBy(StickyKind.Header, header);
            }
            node.Error($"\"{text}\" needs a header name after \"header:\"");
            return null;
        }
        var kind = node.Choice((StickyKind?)null,
            ("subject", StickyKind.Subject), ("tenant", StickyKind.Tenant), ("apiKey", StickyKind.ApiKey), ("ip", StickyKind.Ip));
        return kind is { } known ? new StickyBy(known) : null;
    }
}
