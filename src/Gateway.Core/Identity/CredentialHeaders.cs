namespace Gateway.Identity;

/// <summary>
/// The request headers that carry credentials: the authorizer's identity sources in API Gateway, and what the
/// in-process authenticator reads.
/// </summary>
public static class CredentialHeaders
{
    /// <summary><c>Authorization: Bearer &lt;JWT&gt;</c>.</summary>
    public const string Authorization = "Authorization";

    /// <summary>A tenant API key.</summary>
    public const string ApiKey = "x-api-key";
}
