using Gateway.Identity;
using Gateway.Lambda.ApiGatewayEvents;

namespace Gateway.Lambda.Authorizer;

/// <summary>
/// The IAM-policy answer a REST API authorizer must give. An allow covers the whole stage
/// (<c>…:api-id/stage/*</c>), not just the method asked about: API Gateway caches the policy per credential and
/// applies it to every method that credential calls next, and a policy naming one method would refuse the others.
/// Per-route scopes and roles are the proxy's to check.
/// </summary>
internal static class PolicyResponse
{
    private const string AnonymousPrincipal = "anonymous";

    public static APIGatewayCustomAuthorizerResponse For(string methodArn, CallerIdentity? identity) => new()
    {
        PrincipalID = identity is null ? AnonymousPrincipal : identity.Subject ?? identity.KeyId ?? identity.Tenant ?? AnonymousPrincipal,
        PolicyDocument = new APIGatewayCustomAuthorizerPolicy
        {
            Statement =
            [
                new APIGatewayCustomAuthorizerPolicy.IAMPolicyStatement
                {
                    Effect = identity is null ? "Deny" : "Allow",
                    Action = ["execute-api:Invoke"],
                    Resource = [StageWildcard(methodArn)],
                },
            ],
        },
        Context = identity is null ? null : AuthorizerContext.FromIdentity(identity),
    };

    /// <summary><c>arn:aws:execute-api:region:account:api-id/stage/VERB/path</c> → <c>…:api-id/stage/*</c>.</summary>
    private static string StageWildcard(string methodArn)
    {
        var parts = methodArn.Split('/', 3);
        return parts.Length >= 2 ? $"{parts[0]}/{parts[1]}/*" : methodArn;
    }
}
