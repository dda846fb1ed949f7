using Gateway.Authorization.Jwt;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Identity;
using Gateway.State;

namespace Gateway.Authorization;

/// <summary>
/// What <c>gatewayctl serve</c> does instead of API Gateway's authorizer: the same checks, in-process, per request.
/// Without API Gateway in front, the gateway's own 401 (no or bad credential) and 403 (missing scope or role) reach
/// the client as they are.
/// </summary>
public sealed class InProcessAuthenticator(CredentialAuthenticator credentials) : IEdgeAuthenticator
{
    public async ValueTask<AuthenticationResult> AuthenticateAsync(GatewayRequest request, RouteConfig route, CancellationToken cancellationToken)
    {
        try
        {
            return await credentials.AuthenticateAsync(
                route.Auth.Requirement,
                request.Headers.Get(CredentialHeaders.Authorization),
                request.Headers.Get(CredentialHeaders.ApiKey),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is StoreUnavailableException or SigningKeyUnavailableException)
        {
            return AuthenticationResult.Failure("the credential could not be checked right now");
        }
    }
}
