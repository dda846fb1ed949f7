using Gateway.Configuration;

namespace Gateway.Routing;

public enum RouteMatchOutcome
{
    Matched,
    NotFound,
    MethodNotAllowed,
}

/// <summary>The router's answer for one request.</summary>
public readonly record struct RouteMatch(RouteMatchOutcome Outcome, RouteConfig? Route, RouteValues Values, string? Allow)
{
    public static RouteMatch NotFound { get; } = new(RouteMatchOutcome.NotFound, null, RouteValues.Empty, null);
}
