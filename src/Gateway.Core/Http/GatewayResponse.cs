namespace Gateway.Http;

/// <summary>A response on its way back to the client. Bodies are buffered: Lambda needs them whole, and so do transforms.</summary>
public sealed class GatewayResponse
{
    public GatewayResponse(int statusCode) => StatusCode = statusCode;

    public int StatusCode { get; set; }

    public HeaderCollection Headers { get; init; } = new(8);

    public ReadOnlyMemory<byte> Body { get; set; }
}
