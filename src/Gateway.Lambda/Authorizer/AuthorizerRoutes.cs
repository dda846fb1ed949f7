using Gateway.Configuration;

namespace Gateway.Lambda.Authorizer;

/// <summary>
/// Which credential each API Gateway route takes, from the same configuration the CDK stack built the routes from:
/// an HTTP API names the route in <c>routeKey</c> (<c>GET /orders/{id}</c>, <c>ANY /api/{proxy+}</c>), a REST API in
/// its resource path and method. The authorizer reads only that credential, because API Gateway caches its answer
/// under that route's identity sources alone.
/// </summary>
internal sealed class AuthorizerRoutes
{
    private const string AnyMethod = "ANY";

    private readonly Dictionary<string, AuthRequirement> _byRouteKey = new(StringComparer.Ordinal);

    public AuthorizerRoutes(IReadOnlyList<RouteConfig> routes)
    {
        foreach (var route in routes)
        {
            // Routes that differ only by host share one API Gateway route, and the stack requires them to agree.
            foreach (var method in route.Methods is null ? [AnyMethod] : route.AllowedMethods)
            {
                _byRouteKey.TryAdd($"{method} {route.Path.Text}", route.Auth.Requirement);
            }
        }
    }

    /// <summary>An HTTP API route key; null when no configured route has it.</summary>
    public AuthRequirement? ForRouteKey(string? routeKey) =>
        routeKey is not null && _byRouteKey.TryGetValue(routeKey, out var requirement) ? requirement : null;

    /// <summary>A REST API method: the resource path with the request's method, or with ANY.</summary>
    public AuthRequirement? ForResource(string? method, string? resourcePath) =>
        method is null || resourcePath is null ? null
        : ForRouteKey($"{method} {resourcePath}") ?? ForRouteKey($"{AnyMethod} {resourcePath}");
}
