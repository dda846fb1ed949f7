using Gateway.Http;

namespace Gateway.Pipeline;

/// <summary>
/// The largest request target and header section the gateway takes, the same behind both hosts: beyond them it
/// answers 414 uri_too_long and 431 headers_too_large. In AWS, API Gateway refuses far less before the proxy runs
/// (10 KB for the request line and headers together); the local host sets Kestrel's own limits to twice these, so
/// that up to there it is the gateway that answers, in its JSON shape.
/// </summary>
public static class RequestLimits
{
    /// <summary>Path and query together, in characters.</summary>
    public const int MaxTargetLength = 8 * 1024;

    public const int MaxHeaderCount = 100;

    /// <summary>Header lines as they would be written ("name: value" and CR LF), in characters.</summary>
    public const int MaxHeaderBytes = 32 * 1024;

    public static bool TargetFits(GatewayRequest request) =>
        request.Path.Length + (request.RawQuery.Length == 0 ? 0 : request.RawQuery.Length + 1) <= MaxTargetLength;

    public static bool HeadersFit(HeaderCollection headers)
    {
        if (headers.Count > MaxHeaderCount)
        {
            return false;
        }
        long size = 0;
        foreach (var (name, value) in headers.AsSpan())
        {
            size += name.Length + value.Length + 4;
        }
        return size <= MaxHeaderBytes;
    }
}
