using Gateway.Configuration;

namespace Gateway.Infra.Http;

/// <summary>One API Gateway route: a path template, its methods (or <c>ANY</c>), and the credential it requires.</summary>
public sealed record PlannedRoute(string Name, string Path, IReadOnlyList<string> Methods, AuthRequirement Auth);

/// <summary>
/// The configuration's routes as API Gateway routes. Path templates are already in API Gateway's syntax
/// (<c>{id}</c>, <c>{proxy+}</c>). A route that allows GET also gets HEAD, because the gateway serves HEAD on GET
/// routes and API Gateway must let it through (with the same authorizer). Routes that differ only by
/// <c>host:</c> or by <c>match:</c> (API Gateway cannot route on headers or query parameters) share one API Gateway
/// route; the proxy tells them apart.
/// </summary>
public static class RoutePlan
{
    public const string AnyMethod = "ANY";

    /// <summary>The methods API Gateway routes can name (HTTP APIs and REST APIs alike).</summary>
    public static IReadOnlySet<string> SupportedMethods { get; } =
        new HashSet<string>(StringComparer.Ordinal) { AnyMethod, "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT" };

    public static IReadOnlyList<PlannedRoute> From(GatewayConfig config)
    {
        var planned = new List<PlannedRoute>();
        var owners = new Dictionary<(string Path, string Method), RouteConfig>();
        foreach (var route in config.Routes)
        {
            var methods = new List<string>();
            foreach (var method in Methods(route))
            {
                if (!SupportedMethods.Contains(method))
                {
                    throw new InvalidOperationException(
                        $"{config.SourceFile}:{route.Line}: route {route.Name}: API Gateway cannot route the method {method} (it routes {string.Join(", ", SupportedMethods)})");
                }
                if (!owners.TryAdd((route.Path.Text, method), route))
                {
                    var owner = owners[(route.Path.Text, method)];
                    if (owner.Auth.Requirement != route.Auth.Requirement)
                    {
                        throw new InvalidOperationException(
                            $"{config.SourceFile}:{route.Line}: route {route.Name} shares {method} {route.Path.Text} with route {owner.Name} (line {owner.Line}) " +
                            $"but requires {route.Auth.Requirement} instead of {owner.Auth.Requirement}; API Gateway has one authorizer per route");
                    }
                    continue;
                }
                methods.Add(method);
            }
            if (methods.Count > 0)
            {
                planned.Add(new PlannedRoute(route.Name, route.Path.Text, methods, route.Auth.Requirement));
            }
        }
        return planned;
    }

    private static IEnumerable<string> Methods(RouteConfig route)
    {
        if (route.Methods is null)
        {
            return [AnyMethod];
        }
        var methods = route.Methods.Order(StringComparer.Ordinal).ToList();
        if (methods.Contains("GET") && !methods.Contains("HEAD"))
        {
            methods.Add("HEAD");
        }
        return methods;
    }
}
