using System.Text;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Transforms;

/// <summary>
/// Query edits, applied in a fixed order: remove, rename, set, add. Parameters are matched by their decoded name;
/// every parameter the edits do not touch keeps its bytes (and its place), so the rest of the query reaches the
/// upstream exactly as the client sent it. Values set or added are templates, percent-encoded per request.
/// </summary>
public sealed record QueryTransformSettings(
    IReadOnlyList<string> Remove,
    IReadOnlyList<KeyValuePair<string, string>> Rename,
    IReadOnlyList<KeyValuePair<string, ValueTemplate>> Set,
    IReadOnlyList<KeyValuePair<string, ValueTemplate>> Add)
{
    public string Apply(string rawQuery, GatewayContext context)
    {
        if (Set.Count == 0 && Add.Count == 0 && !MentionsAnyName(rawQuery))
        {
            return rawQuery;
        }
        var result = new StringBuilder(rawQuery.Length + 32);
        var count = 0;
        foreach (var range in rawQuery.AsSpan().Split('&'))
        {
            var parameter = rawQuery[range];
            if (parameter.Length == 0)
            {
                Append(result, ref count, parameter);
                continue;
            }
            var equals = parameter.IndexOf('=');
            var name = Decode(equals < 0 ? parameter : parameter[..equals]);
            if (Remove.Contains(name) || Set.Any(s => s.Key == name))
            {
                continue;
            }
            var renamed = Rename.FirstOrDefault(r => r.Key == name).Value;
            Append(result, ref count, renamed is null ? parameter : Uri.EscapeDataString(renamed) + (equals < 0 ? string.Empty : parameter[equals..]));
        }
        foreach (var (name, value) in Set.Concat(Add))
        {
            Append(result, ref count, $"{Uri.EscapeDataString(name)}={Uri.EscapeDataString(value.Evaluate(context))}");
        }
        return result.ToString();
    }

    /// <summary>Appends a parameter; counting parameters rather than characters keeps empty ones ("a&amp;&amp;b").</summary>
    private static void Append(StringBuilder query, ref int count, string parameter)
    {
        if (count++ > 0)
        {
            query.Append('&');
        }
        query.Append(parameter);
    }

    /// <summary>A cheap test that spares most requests the rebuild: could any edited name be in the query?</summary>
    private bool MentionsAnyName(string rawQuery)
    {
        if (rawQuery.Length == 0)
        {
            return false;
        }
        // An encoded name cannot be found by a plain search.
        if (rawQuery.Contains('%') || rawQuery.Contains('+'))
        {
            return true;
        }
        return Remove.Any(name => rawQuery.Contains(name, StringComparison.Ordinal)) ||
               Rename.Any(rename => rawQuery.Contains(rename.Key, StringComparison.Ordinal));
    }

    /// <summary>A form-encoded name as the application sees it: '+' is a space, %XX a byte of UTF-8.</summary>
    private static string Decode(string name) =>
        name.Contains('%') || name.Contains('+') ? Uri.UnescapeDataString(name.Replace('+', ' ')) : name;
}

/// <summary>Edits the query string before the request is forwarded.</summary>
public sealed class QueryTransformPolicy(QueryTransformSettings settings) : IGatewayPolicy
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        context.Request.RawQuery = settings.Apply(context.Request.RawQuery, context);
        return next(context);
    }
}

/// <summary>The <c>requestQuery</c> policy: <c>{ remove: [...], rename: {...}, set: {...}, add: {...} }</c>.</summary>
public sealed class QueryTransformFactory : PolicyFactory<QueryTransformSettings>
{
    public static QueryTransformFactory Instance { get; } = new();

    public override string Name => "requestQuery";

    public override PolicyPhase Phase => PolicyPhase.RequestTransform;

    public override BodyNeeds BodyNeeds => BodyNeeds.None;

    protected override QueryTransformSettings Read(ConfigNode node)
    {
        node.AllowKeys("remove", "rename", "set", "add");
        var rename = node["rename"].StringMap();
        foreach (var (from, to) in rename)
        {
            if (to.Length == 0)
            {
                node["rename"][from].Error("must name the new parameter");
            }
        }
        return new QueryTransformSettings(
            Remove: node["remove"].StringList(),
            Rename: rename,
            Set: Templates(node["set"]),
            Add: Templates(node["add"]));
    }

    protected override IGatewayPolicy Create(QueryTransformSettings settings, PolicyBuildContext context) => new QueryTransformPolicy(settings);

    private static KeyValuePair<string, ValueTemplate>[] Templates(ConfigNode node) =>
        node.Entries()
            .Select(entry => new KeyValuePair<string, ValueTemplate>(entry.Key, ValueTemplate.Parse(entry.Value.String() ?? string.Empty, entry.Value)))
            .ToArray();
}
