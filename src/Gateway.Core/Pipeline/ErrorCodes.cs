namespace Gateway.Pipeline;

/// <summary>The stable <c>error.code</c> values of gateway-generated responses. Clients may branch on them.</summary>
public static class ErrorCodes
{
    public const string InvalidEvent = "invalid_event";
    public const string InvalidRequest = "invalid_request";
    public const string InvalidPath = "invalid_path";
    public const string PayloadTooLarge = "payload_too_large";

    /// <summary>The path and query are longer than <see cref="RequestLimits.MaxTargetLength"/> (414).</summary>
    public const string UriTooLong = "uri_too_long";

    /// <summary>More header fields or header bytes than <see cref="RequestLimits"/> allows (431).</summary>
    public const string HeadersTooLarge = "headers_too_large";
    public const string RouteNotFound = "route_not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string RateLimited = "rate_limited";
    public const string QuotaExceeded = "quota_exceeded";
    public const string CircuitOpen = "circuit_open";
    public const string UpstreamUnavailable = "upstream_unavailable";

    /// <summary>A limit that fails closed could not be checked because the state store is down (503).</summary>
    public const string LimitUnavailable = "limit_unavailable";
    public const string UpstreamUnreachable = "upstream_unreachable";
    public const string UpstreamTimeout = "upstream_timeout";
    public const string UpstreamError = "upstream_error";
    public const string ConfigurationInvalid = "configuration_invalid";
    public const string InternalError = "internal_error";
}
