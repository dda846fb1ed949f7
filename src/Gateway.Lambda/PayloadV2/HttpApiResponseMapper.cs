using Gateway.Http;
using Gateway.Lambda.ApiGatewayEvents;

namespace Gateway.Lambda.PayloadV2;

/// <summary>
/// Translates the gateway's response into an HTTP API 2.0 response. Format 2.0 has no multi-value headers: repeated
/// headers are joined with commas, and Set-Cookie values move to <c>cookies</c>.
/// </summary>
internal static class HttpApiResponseMapper
{
    public static APIGatewayHttpApiV2ProxyResponse Map(GatewayResponse response)
    {
        var headers = new Dictionary<string, string>(response.Headers.Count, StringComparer.OrdinalIgnoreCase);
        List<string>? cookies = null;
        foreach (var (name, value) in response.Headers)
        {
            if (!HeaderValue.IsSafe(value))
            {
                continue;
            }
            if (name.Equals(HeaderNames.SetCookie, StringComparison.OrdinalIgnoreCase))
            {
                (cookies ??= []).Add(value);
            }
            else
            {
                headers[name] = headers.TryGetValue(name, out var existing) ? string.Concat(existing, ", ", value) : value;
            }
        }
        var (body, isBase64) = LambdaBody.Encode(response);
        return new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = response.StatusCode,
            Headers = headers,
            Cookies = cookies?.ToArray(),
            Body = body,
            IsBase64Encoded = isBase64,
        };
    }
}
