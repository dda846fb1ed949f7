namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>
/// An HTTP API (payload format 2.0) proxy integration response. Format 2.0 has no multi-value headers: repeated
/// headers are joined with commas, and Set-Cookie values go in <see cref="Cookies"/>.
/// </summary>
public sealed class APIGatewayHttpApiV2ProxyResponse
{
    public int StatusCode { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public string[]? Cookies { get; set; }
    public string? Body { get; set; }
    public bool IsBase64Encoded { get; set; }
}
