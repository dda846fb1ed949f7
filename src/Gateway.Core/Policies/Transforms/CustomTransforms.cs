using Gateway.Canonicalization;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Transforms;

/// <summary>
/// A transform written in C#, for what the declarative ones cannot express. Register an instance in
/// <see cref="RegisteredTransforms"/> and a route names it: <c>transforms: [sign-payload]</c>. One instance serves
/// every route and request, concurrently: keep per-request state in the context, not in fields.
/// </summary>
public interface IGatewayTransform
{
    /// <summary>The name the configuration refers to it by.</summary>
    string Name { get; }

    /// <summary>
    /// Changes the request before it is forwarded (path, query, headers, body). Returning a response answers the
    /// request with it instead, as an error would (use <see cref="GatewayErrors.Create(GatewayContext, int, string, string)"/>).
    /// </summary>
    ValueTask<GatewayResponse?> TransformRequestAsync(GatewayContext context) => ValueTask.FromResult<GatewayResponse?>(null);

    /// <summary>
    /// Changes the response on its way back: the upstream's, or the gateway's own error
    /// (<c>context.Telemetry.ErrorCode</c> is set then).
    /// </summary>
    ValueTask TransformResponseAsync(GatewayContext context, GatewayResponse response) => ValueTask.CompletedTask;
}

/// <summary>The C# transforms the configuration may name. Add yours here; every host (Lambda, serve, config validate) sees them.</summary>
public static class RegisteredTransforms
{
    public static IReadOnlyList<IGatewayTransform> All { get; } = [];
}

/// <summary>
/// Runs a route's C# transforms: their request side in the order listed, their response side in reverse. A path a
/// transform leaves behind is guarded like an incoming one before anything is forwarded.
/// </summary>
public sealed class CustomTransformPolicy(IReadOnlyList<IGatewayTransform> transforms) : IGatewayPolicy
{
    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        foreach (var transform in transforms)
        {
            if (await transform.TransformRequestAsync(context).ConfigureAwait(false) is { } answer)
            {
                return answer;
            }
        }
        if (!CanonicalPath.TryCreate(context.Request.Path, out var path, out var problem))
        {
            return GatewayErrors.Create(context, 400, ErrorCodes.InvalidPath, $"the transformed path is refused: {problem}");
        }
        context.Request.Path = path.Value;

        var response = await next(context).ConfigureAwait(false);
        for (var i = transforms.Count - 1; i >= 0; i--)
        {
            await transforms[i].TransformResponseAsync(context, response).ConfigureAwait(false);
        }
        return response;
    }
}

/// <summary>The <c>transforms</c> policy: a list of registered C# transforms by name.</summary>
public sealed class CustomTransformFactory(IEnumerable<IGatewayTransform> transforms) : PolicyFactory<IReadOnlyList<IGatewayTransform>>
{
    private readonly Dictionary<string, IGatewayTransform> _transforms = transforms.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public override string Name => "transforms";

    public override PolicyPhase Phase => PolicyPhase.RequestTransform;

    /// <summary>A C# transform may read or rewrite either body, and does not say which: both stay whole.</summary>
    public override BodyNeeds BodyNeeds => BodyNeeds.Both;

    /// <summary>The transforms this factory can name.</summary>
    public IEnumerable<IGatewayTransform> Transforms => _transforms.Values;

    protected override IReadOnlyList<IGatewayTransform>? Read(ConfigNode node)
    {
        var names = node.StringList();
        if (names.Count == 0)
        {
            node.Error("lists no transforms");
            return null;
        }
        var resolved = new List<IGatewayTransform>();
        foreach (var name in names)
        {
            if (_transforms.TryGetValue(name, out var transform))
            {
                resolved.Add(transform);
                continue;
            }
            var known = _transforms.Count == 0 ? "none are registered" : "known: " + string.Join(", ", _transforms.Keys.Order(StringComparer.Ordinal));
            node.Error($"unknown transform \"{name}\" ({known}; see RegisteredTransforms){Configuration.Sections.Suggestions.DidYouMean(name, _transforms.Keys)}");
        }
        return resolved.Count == names.Count ? resolved : null;
    }

    protected override IGatewayPolicy Create(IReadOnlyList<IGatewayTransform> settings, PolicyBuildContext context) => new CustomTransformPolicy(settings);
}
