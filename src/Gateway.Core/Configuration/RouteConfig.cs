using Gateway.Policies;
using Gateway.Routing;

namespace Gateway.Configuration;

/// <summary>Which credential a route requires. The authorizer checks it; the proxy checks it again.</summary>
public enum AuthRequirement
{
    None,
    Jwt,
    ApiKey,

    /// <summary>Either a JWT or an API key.</summary>
    Any,
}

/// <summary>A route's authentication requirement and the scopes and roles it demands.</summary>
/// <param name="HideCredentials">Whether the credential the gateway verified (a bearer token, a tenant API key) is kept
/// from the upstream, as Kong's <c>hide_credentials</c> does; on by default, a route opts out to forward it.</param>
public sealed record RouteAuth(AuthRequirement Requirement, IReadOnlyList<string> Scopes, IReadOnlyList<string> Roles, bool HideCredentials = true)
{
    public static RouteAuth Public { get; } = new(AuthRequirement.None, [], []);
}

/// <summary>One route: which requests it takes and where and how it sends them.</summary>
public sealed record RouteConfig
{
    public required string Name { get; init; }

    /// <summary>Position in the file; the tie-breaker between equally specific routes.</summary>
    public required int Index { get; init; }

    public required RouteTemplate Path { get; init; }

    /// <summary>Upper-case methods, or null for any method.</summary>
    public IReadOnlySet<string>? Methods { get; init; }

    /// <summary>The host the route serves, canonical (lower-case, no trailing dot); "*.example.com" for subdomains.</summary>
    public string? Host { get; init; }

    /// <summary>The header and query conditions (<c>match:</c>) a request must meet; none for most routes.</summary>
    public RouteConditions Match { get; init; } = RouteConditions.None;

    /// <summary>Whether path segments may carry <c>;parameters</c> (matrix parameters), forwarded as sent.</summary>
    public bool MatrixParams { get; init; }

    /// <summary>Removed from the start of the path before forwarding.</summary>
    public string? StripPrefix { get; init; }

    /// <summary>The service requests are forwarded to; null for a composed or split route, which call several.</summary>
    public string? Service { get; init; }

    /// <summary>The services a split route shares its traffic between; null for a route with a <see cref="Service"/>.</summary>
    public RouteSplit? Split { get; init; }

    /// <summary>The calls a composed route merges; null for a route with a <see cref="Service"/>.</summary>
    public CompositionConfig? Compose { get; init; }

    public RouteAuth Auth { get; init; } = RouteAuth.Public;

    /// <summary>The gRPC method a route to a gRPC service calls; null for HTTP routes.</summary>
    public Grpc.GrpcRouteConfig? Grpc { get; init; }

    /// <summary>Route-specific timeouts that override the service's.</summary>
    public UpstreamTimeouts? Timeouts { get; init; }

    /// <summary>The route's own policies merged with the gateway defaults, in configuration order.</summary>
    public IReadOnlyList<PolicyDefinition> Policies { get; init; } = [];

    public int Line { get; init; }

    /// <summary>
    /// The bodies this route must hold whole: whatever one of its policies needs, plus both for a composed or gRPC
    /// route, whose terminal step parses the request and builds the answer as JSON. A split route hands the request
    /// to one side as it is, so it needs no more than its policies.
    /// </summary>
    public BodyNeeds BodyNeeds =>
        Compose is not null || Grpc is not null
            ? BodyNeeds.Both
            : Policies.Aggregate(BodyNeeds.None, (needs, policy) => needs | policy.Factory.BodyNeeds);

    public bool AllowsMethod(string method) =>
        Methods is null || Methods.Contains(method) || (method == "HEAD" && Methods.Contains("GET"));

    /// <summary>The methods to list in a 405's <c>Allow</c> header.</summary>
    public IEnumerable<string> AllowedMethods =>
        Methods is null ? ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"]
        : Methods.Contains("GET") ? Methods.Append("HEAD").Distinct() : Methods;
}
