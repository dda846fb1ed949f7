using System.Text.Json.Serialization;

namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>
/// A Lambda authorizer's IAM-policy response: what REST APIs require, and what HTTP APIs accept when simple
/// responses are off. The policy's field names are IAM's own (capitalised).
/// </summary>
public sealed class APIGatewayCustomAuthorizerResponse
{
    [JsonPropertyName("principalId")]
    public string? PrincipalID { get; set; }

    public APIGatewayCustomAuthorizerPolicy? PolicyDocument { get; set; }

    public Dictionary<string, string>? Context { get; set; }
}

/// <summary>An IAM policy document.</summary>
public sealed class APIGatewayCustomAuthorizerPolicy
{
    [JsonPropertyName("Version")]
    public string Version { get; set; } = "2012-10-17";

    [JsonPropertyName("Statement")]
    public List<IAMPolicyStatement> Statement { get; set; } = [];

    /// <summary>One statement: an effect on actions over resources.</summary>
    public sealed class IAMPolicyStatement
    {
        [JsonPropertyName("Effect")]
        public string? Effect { get; set; }

        [JsonPropertyName("Action")]
        public string[] Action { get; set; } = [];

        [JsonPropertyName("Resource")]
        public string[] Resource { get; set; } = [];
    }
}
