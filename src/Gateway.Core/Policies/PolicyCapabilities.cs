using Gateway.Configuration;
using Gateway.Http;

namespace Gateway.Policies;

/// <summary>
/// A policy kind that binds routes which do not name it, because something else in the configuration calls for it
/// (usage plans bind every route to the rate limiter). The builder asks every factory in the catalog.
/// </summary>
public interface IImplicitPolicyFactory : IPolicyFactory
{
    /// <summary>The settings to run with on <paramref name="route"/>, which does not name this policy; null: it does not apply.</summary>
    object? ImplicitSettings(GatewayConfig config, RouteConfig route);
}

/// <summary>
/// A policy kind that answers a request on behalf of another method, one its route may not list: a browser's CORS
/// preflight is an OPTIONS that asks about the method it will send, and the route serving that method answers it.
/// </summary>
public interface IMethodStandInFactory : IPolicyFactory
{
    /// <summary>The method <paramref name="request"/> asks about on a route's behalf; null when it is not such a request.</summary>
    string? MethodAskedAbout(GatewayRequest request);
}

/// <summary>
/// What policies of one gateway share across routes, created by the first policy that needs it (the rate limiter: a
/// limit shared by routes is one counter). A part that reports live state (<see cref="Observability.IStateReporter"/>)
/// shows up in the admin state.
/// </summary>
public sealed class SharedPolicyParts
{
    private readonly Dictionary<Type, object> _parts = [];

    public T GetOrAdd<T>(Func<T> create) where T : class
    {
        lock (_parts)
        {
            if (!_parts.TryGetValue(typeof(T), out var part))
            {
                _parts[typeof(T)] = part = create();
            }
            return (T)part;
        }
    }

    public IEnumerable<T> OfType<T>()
    {
        lock (_parts)
        {
            return _parts.Values.OfType<T>().ToArray();
        }
    }
}
