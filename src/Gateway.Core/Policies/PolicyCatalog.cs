using Gateway.Policies.RateLimiting;
using Gateway.Policies.Caching;
using Gateway.Policies.Edge;
using Gateway.Policies.Transforms;

namespace Gateway.Policies;

/// <summary>The policies a configuration may name. Built-in ones, plus any a team registers.</summary>
public sealed class PolicyCatalog
{
    private readonly Dictionary<string, IPolicyFactory> _factories;

    public PolicyCatalog(IEnumerable<IPolicyFactory> factories) =>
        _factories = factories.ToDictionary(factory => factory.Name, StringComparer.Ordinal);

    public static PolicyCatalog Default { get; } = new(
    [
        HeaderTransformFactory.Request,
        HeaderTransformFactory.Response,
        RateLimitFactory.Instance,
        PathRewriteFactory.Instance,
        QueryTransformFactory.Instance,
        BodyTransformFactory.Request,
        BodyTransformFactory.Response,
        StatusCodeMapFactory.Instance,
        new CustomTransformFactory(RegisteredTransforms.All),
        CorsFactory.Instance,
        IpFilterFactory.Instance,
        RequestSizeLimitFactory.Instance,
        RequestValidationFactory.Instance,
        ResponseCacheFactory.Instance,
    ]);

    public IEnumerable<string> Names => _factories.Keys.Order(StringComparer.Ordinal);

    public IEnumerable<IPolicyFactory> Factories => _factories.Values;

    public bool TryGet(string name, out IPolicyFactory factory) => _factories.TryGetValue(name, out factory!);

    /// <summary>A catalog with <paramref name="extra"/> added, for teams that bring their own policies.</summary>
    public PolicyCatalog With(params IEnumerable<IPolicyFactory> extra) => new(_factories.Values.Concat(extra));

    /// <summary>A catalog whose <c>transforms</c> policy also knows <paramref name="transforms"/>.</summary>
    public PolicyCatalog WithTransforms(params IEnumerable<IGatewayTransform> transforms)
    {
        var current = _factories.Values.OfType<CustomTransformFactory>().SingleOrDefault();
        var known = current?.Transforms ?? [];
        return new(_factories.Values.Where(f => f != current).Append(new CustomTransformFactory(known.Concat(transforms))));
    }
}
