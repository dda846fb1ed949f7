using Gateway.Http;
using Gateway.Routing;

namespace Gateway.Configuration.Sections;

/// <summary>Reads a route's <c>match: { headers: {NAME: VALUE}, query: {NAME: VALUE} }</c>; "*" means present.</summary>
internal static class MatchSection
{
    public static RouteConditions Read(ConfigNode node)
    {
        if (!node.Exists)
        {
            return RouteConditions.None;
        }
        node.AllowKeys("headers", "query");
        var headers = Conditions(node["headers"], static name => HttpToken.IsValid(name), "is not a header name");
        var query = Conditions(node["query"], static name => name.Length > 0, "is not a query parameter name");
        if (headers.Count + query.Count == 0)
        {
            node.Error("needs at least one condition under headers or query");
        }
        return new RouteConditions(headers, query);
    }

    private static List<MatchCondition> Conditions(ConfigNode node, Func<string, bool> validName, string invalidName)
    {
        var conditions = new List<MatchCondition>();
        foreach (var (name, value) in node.Entries())
        {
            if (!validName(name))
            {
                value.Error($"\"{name}\" {invalidName}");
                continue;
            }
            if (conditions.Exists(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                value.Error($"\"{name}\" is given twice (names are compared case-insensitively)");
                continue;
            }
            var expected = value.RequiredString();
            if (expected.Length == 0)
            {
                continue;
            }
            conditions.Add(new MatchCondition(name, expected == MatchCondition.AnyValue ? null : expected));
        }
        return conditions;
    }
}
