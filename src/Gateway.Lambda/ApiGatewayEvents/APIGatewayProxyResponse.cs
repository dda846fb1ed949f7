namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>A REST API Lambda proxy integration response (payload format 1.0), with multi-value headers.</summary>
public sealed class APIGatewayProxyResponse
{
    public int StatusCode { get; set; }
    public Dictionary<string, string>? Headers { get; set; }
    public Dictionary<string, List<string>>? MultiValueHeaders { get; set; }
    public string? Body { get; set; }
    public bool IsBase64Encoded { get; set; }
}
