namespace Gateway.Http;

/// <summary>
/// A response on its way back to the client. Its body is buffered (<see cref="Body"/>: Lambda needs it whole, and so do
/// body transforms and the cache) or, on a host that streams and a route that allows it, <see cref="Streamed"/>.
/// </summary>
public sealed class GatewayResponse
{
    public GatewayResponse(int statusCode) => StatusCode = statusCode;

    public int StatusCode { get; set; }

    public HeaderCollection Headers { get; init; } = new(8);

    public ReadOnlyMemory<byte> Body { get; set; }

    /// <summary>The upstream's body still to be read, passed on as it arrives; null when <see cref="Body"/> holds it.</summary>
    public StreamedBody? Streamed { get; set; }

    /// <summary>Set on a 101 answer to a protocol upgrade: the connection the host relays once it switched too.</summary>
    public UpgradedConnection? Upgraded { get; set; }
}
