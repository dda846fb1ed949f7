using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Transforms;

/// <summary>Header edits, applied in a fixed order: remove, rename, set, add.</summary>
public sealed record HeaderTransformSettings(
    IReadOnlyList<string> Remove,
    IReadOnlyList<KeyValuePair<string, string>> Rename,
    IReadOnlyList<KeyValuePair<string, ValueTemplate>> Set,
    IReadOnlyList<KeyValuePair<string, ValueTemplate>> Add)
{
    public void Apply(HeaderCollection headers, GatewayContext context)
    {
        // By index: a foreach over an IReadOnlyList allocates an enumerator, on every request of the route.
        for (var i = 0; i < Remove.Count; i++)
        {
            headers.Remove(Remove[i]);
        }
        for (var i = 0; i < Rename.Count; i++)
        {
            headers.Rename(Rename[i].Key, Rename[i].Value);
        }
        for (var i = 0; i < Set.Count; i++)
        {
            headers.Set(Set[i].Key, Set[i].Value.Evaluate(context));
        }
        for (var i = 0; i < Add.Count; i++)
        {
            headers.Add(Add[i].Key, Add[i].Value.Evaluate(context));
        }
    }
}

/// <summary>Edits the request's headers before it is forwarded.</summary>
public sealed class RequestHeaderTransformPolicy(HeaderTransformSettings settings) : IGatewayPolicy
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        settings.Apply(context.Request.Headers, context);
        return next(context);
    }
}

/// <summary>Edits the upstream response's headers on its way to the client.</summary>
public sealed class ResponseHeaderTransformPolicy(HeaderTransformSettings settings) : IGatewayPolicy
{
    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var response = await next(context).ConfigureAwait(false);
        settings.Apply(response.Headers, context);
        return response;
    }
}

/// <summary>The <c>requestHeaders</c> and <c>responseHeaders</c> policies.</summary>
public sealed class HeaderTransformFactory : PolicyFactory<HeaderTransformSettings>
{
    private readonly bool _request;

    private HeaderTransformFactory(bool request) => _request = request;

    public static HeaderTransformFactory Request { get; } = new(request: true);

    public static HeaderTransformFactory Response { get; } = new(request: false);

    public override string Name => _request ? "requestHeaders" : "responseHeaders";

    public override PolicyPhase Phase => _request ? PolicyPhase.RequestTransform : PolicyPhase.ResponseTransform;

    public override BodyNeeds BodyNeeds => BodyNeeds.None;

    protected override HeaderTransformSettings Read(ConfigNode node)
    {
        node.AllowKeys("remove", "rename", "set", "add");
        return new HeaderTransformSettings(
            Remove: ValidNames(node["remove"], node["remove"].StringList()),
            Rename: node["rename"].StringMap(),
            Set: Templates(node["set"]),
            Add: Templates(node["add"]));
    }

    protected override IGatewayPolicy Create(HeaderTransformSettings settings, PolicyBuildContext context) =>
        _request ? new RequestHeaderTransformPolicy(settings) : new ResponseHeaderTransformPolicy(settings);

    private static KeyValuePair<string, ValueTemplate>[] Templates(ConfigNode node) =>
        node.Entries()
            .Select(entry =>
            {
                ValidNames(entry.Value, [entry.Key]);
                return new KeyValuePair<string, ValueTemplate>(entry.Key, ValueTemplate.Parse(entry.Value.String() ?? string.Empty, entry.Value));
            })
            .ToArray();

    private static IReadOnlyList<string> ValidNames(ConfigNode node, IReadOnlyList<string> names)
    {
        foreach (var name in names)
        {
            if (!HttpToken.IsValid(name))
            {
                node.Error($"\"{name}\" is not a valid header name");
            }
        }
        return names;
    }
}
