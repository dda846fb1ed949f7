using System.Text.Json.Serialization;

namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>A REST API Lambda proxy integration event (payload format 1.0).</summary>
public sealed class APIGatewayProxyRequest
{
    public string? Resource { get; set; }
    public string? Path { get; set; }
    public string? HttpMethod { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public Dictionary<string, string[]>? MultiValueHeaders { get; set; }
    public Dictionary<string, string>? QueryStringParameters { get; set; }

    /// <summary>Decoded values; format 1.0 has no raw query string.</summary>
    public Dictionary<string, string[]>? MultiValueQueryStringParameters { get; set; }
    public Dictionary<string, string>? PathParameters { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public RestRequestContext? RequestContext { get; set; }

    /// <summary>The body's text as UTF-8 (base64 when <see cref="IsBase64Encoded"/>), read without a UTF-16 copy.</summary>
    [JsonConverter(typeof(Utf8StringConverter))]
    public byte[]? Body { get; set; }
    public bool IsBase64Encoded { get; set; }

    public sealed class RestRequestContext
    {
        public string? AccountId { get; set; }
        public string? ResourceId { get; set; }
        public string? Stage { get; set; }
        public string? RequestId { get; set; }
        public RequestIdentity? Identity { get; set; }
        public string? ResourcePath { get; set; }
        public string? HttpMethod { get; set; }
        public string? ApiId { get; set; }
        public string? DomainName { get; set; }
        public string? RequestTime { get; set; }
        public long RequestTimeEpoch { get; set; }

        /// <summary>What a REST API Lambda authorizer returned as context (plus principalId).</summary>
        [JsonConverter(typeof(StringMapConverter))]
        public Dictionary<string, string>? Authorizer { get; set; }
    }

    public sealed class RequestIdentity
    {
        public string? SourceIp { get; set; }
        public string? UserAgent { get; set; }
        public string? ApiKey { get; set; }
        public string? ApiKeyId { get; set; }
        public string? Caller { get; set; }
        public string? User { get; set; }
        public string? UserArn { get; set; }
        public string? AccountId { get; set; }
    }
}
