using Gateway.Authorization.Jwt;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Identity;
using Gateway.State;

namespace Gateway.Authorization;

/// <summary>
/// What <c>gatewayctl serve</c> does instead of API Gateway's authorizer: the same checks, in-process, per request.
/// Without API Gateway in front, the gateway's own 401 (no or bad credential) and 403 (missing scope or role) reach
/// the client as they are. A credential header sent twice is read joined, as API Gateway joins repeated headers, so
/// it is one malformed credential: checking the first alone would let the upstream see a second credential the
/// gateway never checked, and would answer differently from the authorizer.
/// </summary>
public sealed class InProcessAuthenticator(CredentialAuthenticator credentials) : IEdgeAuthenticator
{
    public async ValueTask<AuthenticationResult> AuthenticateAsync(GatewayRequest request, RouteConfig route, CancellationToken cancellationToken)
    {
        try
        {
            return await credentials.AuthenticateAsync(
                route.Auth.Requirement,
                request.Headers.GetCombined(CredentialHeaders.Authorization),
                request.Headers.GetCombined(CredentialHeaders.ApiKey),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is StoreUnavailableException or SigningKeyUnavailableException)
        {
            return AuthenticationResult.Failure("the credential could not be checked right now");
        }
    }
}
