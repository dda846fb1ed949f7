using Gateway.Configuration;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Pipeline;

namespace Gateway.Policies.Authorization;

/// <summary>
/// Enforces the route's auth requirement in the proxy itself, from the authorizer's context. API Gateway may reuse a
/// cached authorizer answer across routes, so an identity admitted for one route is checked again here for this
/// route's credential kind, scopes and roles. On success it tells the upstream who is calling.
/// Every route has this policy; it is not optional.
/// </summary>
public sealed class RouteAuthorizationPolicy(RouteAuth requirement, IEdgeAuthenticator? authenticator) : IGatewayPolicy
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next) =>
        context.Identity is null && authenticator is not null && requirement.Requirement != AuthRequirement.None
            ? AuthenticateThenAuthorizeAsync(context, next)
            : Authorize(context, next);

    // Only serve authenticates here; behind API Gateway the identity comes with the event, and the request goes on
    // without an async frame of this policy's own.
    private async ValueTask<GatewayResponse> AuthenticateThenAuthorizeAsync(GatewayContext context, RequestDelegate next)
    {
        var result = await authenticator!.AuthenticateAsync(context.Request, context.Route, context.Aborted).ConfigureAwait(false);
        if (result.Identity is null && result.FailureMessage is not null)
        {
            return Unauthorized(context, result.FailureMessage);
        }
        context.Identity = result.Identity;
        return await Authorize(context, next).ConfigureAwait(false);
    }

    private ValueTask<GatewayResponse> Authorize(GatewayContext context, RequestDelegate next)
    {
        var identity = context.Identity;
        if (requirement.Requirement != AuthRequirement.None)
        {
            if (identity is null)
            {
                return ValueTask.FromResult(Unauthorized(context, "this route requires credentials"));
            }
            if (!KindSatisfies(identity.Kind, requirement.Requirement))
            {
                return ValueTask.FromResult(Unauthorized(context, $"this route requires {Describe(requirement.Requirement)}"));
            }
            if (MissingAny(requirement.Scopes, identity.Scopes) is { } scope)
            {
                return ValueTask.FromResult(GatewayErrors.Create(context, 403, ErrorCodes.Forbidden, $"the token lacks the required scope \"{scope}\""));
            }
            if (MissingAny(requirement.Roles, identity.Roles) is { } role)
            {
                return ValueTask.FromResult(GatewayErrors.Create(context, 403, ErrorCodes.Forbidden, $"the caller lacks the required role \"{role}\""));
            }
        }

        if (identity is not null)
        {
            if (requirement.Requirement != AuthRequirement.None && requirement.HideCredentials)
            {
                HideCredentials(context.Request.Headers);
            }
            IdentityHeaders.Apply(identity, context.Request.Headers);
        }
        return next(context);
    }

    /// <summary>
    /// The gateway verified the caller; the upstream learns who it is from the identity headers, not from a bearer
    /// token or tenant key it could replay or leak into its own logs. Another scheme's Authorization (Basic, for an
    /// upstream's own check) is not the gateway's credential and goes on.
    /// </summary>
    private static void HideCredentials(HeaderCollection headers)
    {
        headers.Remove(CredentialHeaders.ApiKey);
        if (headers.Get(CredentialHeaders.Authorization) is { } authorization &&
            authorization.TrimStart().StartsWith("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            headers.Remove(CredentialHeaders.Authorization);
        }
    }

    private static GatewayResponse Unauthorized(GatewayContext context, string message)
    {
        var response = GatewayErrors.Create(context, 401, ErrorCodes.Unauthorized, message);
        response.Headers.Add("WWW-Authenticate", "Bearer");
        return response;
    }

    private static bool KindSatisfies(CredentialKind kind, AuthRequirement requirement) => requirement switch
    {
        AuthRequirement.Jwt => kind == CredentialKind.Jwt,
        AuthRequirement.ApiKey => kind == CredentialKind.ApiKey,
        _ => true,
    };

    private static string Describe(AuthRequirement requirement) => requirement switch
    {
        AuthRequirement.Jwt => "a bearer token",
        AuthRequirement.ApiKey => "an API key",
        _ => "credentials",
    };

    private static string? MissingAny(IReadOnlyList<string> required, IReadOnlyList<string> held)
    {
        foreach (var item in required)
        {
            if (!held.Contains(item))
            {
                return item;
            }
        }
        return null;
    }
}
