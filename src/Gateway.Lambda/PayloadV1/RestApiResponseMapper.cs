using Gateway.Http;
using Gateway.Lambda.ApiGatewayEvents;

namespace Gateway.Lambda.PayloadV1;

/// <summary>Translates the gateway's response into a REST API 1.0 response, keeping repeated headers apart.</summary>
internal static class RestApiResponseMapper
{
    public static APIGatewayProxyResponse Map(GatewayResponse response)
    {
        var headers = new Dictionary<string, List<string>>(response.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in response.Headers)
        {
            if (!HeaderValue.IsSafe(value))
            {
                continue;
            }
            if (!headers.TryGetValue(name, out var values))
            {
                headers[name] = values = [];
            }
            values.Add(value);
        }
        var (body, isBase64) = LambdaBody.Encode(response);
        return new APIGatewayProxyResponse
        {
            StatusCode = response.StatusCode,
            MultiValueHeaders = headers,
            Body = body,
            IsBase64Encoded = isBase64,
        };
    }
}
