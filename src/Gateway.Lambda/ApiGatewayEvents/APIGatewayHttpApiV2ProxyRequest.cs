using System.Text.Json.Serialization;

namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>An HTTP API (payload format 2.0) proxy integration event.</summary>
public sealed class APIGatewayHttpApiV2ProxyRequest
{
    public string? Version { get; set; }
    public string? RouteKey { get; set; }
    public string? RawPath { get; set; }
    public string? RawQueryString { get; set; }
    public string[]? Cookies { get; set; }

    /// <summary>Header names as sent; repeated headers arrive joined with commas.</summary>
    public Dictionary<string, string>? Headers { get; set; }

    /// <summary>Repeated parameters arrive joined with commas; <see cref="RawQueryString"/> is the faithful form.</summary>
    public Dictionary<string, string>? QueryStringParameters { get; set; }
    public Dictionary<string, string>? PathParameters { get; set; }
    public Dictionary<string, string>? StageVariables { get; set; }
    public ProxyRequestContext? RequestContext { get; set; }

    /// <summary>The body's text as UTF-8 (base64 when <see cref="IsBase64Encoded"/>), read without a UTF-16 copy.</summary>
    [JsonConverter(typeof(Utf8StringConverter))]
    public byte[]? Body { get; set; }
    public bool IsBase64Encoded { get; set; }

    public sealed class ProxyRequestContext
    {
        public string? AccountId { get; set; }
        public string? ApiId { get; set; }
        public AuthorizerDescription? Authorizer { get; set; }
        public string? DomainName { get; set; }
        public string? DomainPrefix { get; set; }
        public HttpDescription? Http { get; set; }
        public string? RequestId { get; set; }
        public string? RouteId { get; set; }
        public string? RouteKey { get; set; }
        public string? Stage { get; set; }

        /// <summary>As API Gateway formats it, e.g. "12/Mar/2020:19:03:58 +0000"; the zone's space is not always there.</summary>
        public string? Time { get; set; }
        public long TimeEpoch { get; set; }
    }

    public sealed class HttpDescription
    {
        public string? Method { get; set; }
        public string? Path { get; set; }
        public string? Protocol { get; set; }

        /// <summary>The client address API Gateway saw. Not always an IP address in test payloads.</summary>
        public string? SourceIp { get; set; }
        public string? UserAgent { get; set; }
    }

    public sealed class AuthorizerDescription
    {
        public JwtDescription? Jwt { get; set; }

        /// <summary>The context a Lambda authorizer returned. Values may be strings, numbers or booleans.</summary>
        [JsonConverter(typeof(StringMapConverter))]
        public Dictionary<string, string>? Lambda { get; set; }
        public IamDescription? Iam { get; set; }
    }

    public sealed class JwtDescription
    {
        [JsonConverter(typeof(StringMapConverter))]
        public Dictionary<string, string>? Claims { get; set; }
        public string[]? Scopes { get; set; }
    }

    public sealed class IamDescription
    {
        public string? AccessKey { get; set; }
        public string? AccountId { get; set; }
        public string? CallerId { get; set; }
        public string? PrincipalOrgId { get; set; }
        public string? UserArn { get; set; }
        public string? UserId { get; set; }
    }
}
