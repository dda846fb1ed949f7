using Gateway.Configuration;
using Gateway.Http;

namespace Gateway.Identity;

/// <summary>
/// Establishes the caller from the request's credentials. Behind API Gateway the Lambda authorizer does this and
/// the proxy only reads its answer; the local host has no API Gateway, so it runs an authenticator in-process.
/// </summary>
public interface IEdgeAuthenticator
{
    ValueTask<AuthenticationResult> AuthenticateAsync(GatewayRequest request, RouteConfig route, CancellationToken cancellationToken);
}

/// <summary>An identity, or why there is none.</summary>
public readonly record struct AuthenticationResult(CallerIdentity? Identity, string? FailureMessage)
{
    public static AuthenticationResult Success(CallerIdentity identity) => new(identity, null);

    public static AuthenticationResult Failure(string message) => new(null, message);

    /// <summary>No credential was presented at all.</summary>
    public static AuthenticationResult Anonymous { get; } = new(null, null);
}
