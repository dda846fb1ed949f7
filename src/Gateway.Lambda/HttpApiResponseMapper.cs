using System.Text;
using Gateway.Http;
using Gateway.Lambda.ApiGatewayEvents;

namespace Gateway.Lambda;

/// <summary>Translates the gateway's response into an HTTP API 2.0 response.</summary>
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

        var mapped = new APIGatewayHttpApiV2ProxyResponse
        {
            StatusCode = response.StatusCode,
            Headers = headers,
            Cookies = cookies?.ToArray(),
        };
        if (!response.Body.IsEmpty)
        {
            var body = response.Body.Span;
            var isText = IsTextual(headers.GetValueOrDefault(HeaderNames.ContentType)) && System.Text.Unicode.Utf8.IsValid(body);
            mapped.Body = isText ? Encoding.UTF8.GetString(body) : Convert.ToBase64String(body);
            mapped.IsBase64Encoded = !isText;
        }
        return mapped;
    }

    /// <summary>Text that survives a JSON string unchanged; everything else travels as base64.</summary>
    private static bool IsTextual(string? contentType)
    {
        if (contentType is null)
        {
            return false;
        }
        var mediaType = contentType.AsSpan();
        var semicolon = mediaType.IndexOf(';');
        if (semicolon >= 0)
        {
            mediaType = mediaType[..semicolon];
        }
        mediaType = mediaType.Trim();
        return mediaType.StartsWith("text/", StringComparison.OrdinalIgnoreCase) ||
               mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase) ||
               mediaType.EndsWith("+xml", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/xml", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/javascript", StringComparison.OrdinalIgnoreCase) ||
               mediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase);
    }
}
