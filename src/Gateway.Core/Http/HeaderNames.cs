namespace Gateway.Http;

/// <summary>Header names the gateway reads or writes itself.</summary>
public static class HeaderNames
{
    public const string Allow = "Allow";
    public const string Authorization = "Authorization";
    public const string Connection = "Connection";
    public const string Upgrade = "Upgrade";
    public const string ContentLength = "Content-Length";
    public const string ContentType = "Content-Type";
    public const string Cookie = "Cookie";
    public const string Host = "Host";
    public const string RequestId = "X-Request-ID";
    public const string RetryAfter = "Retry-After";
    public const string SetCookie = "Set-Cookie";
    public const string XForwardedFor = "X-Forwarded-For";
    public const string XForwardedHost = "X-Forwarded-Host";
    public const string XForwardedProto = "X-Forwarded-Proto";
}
