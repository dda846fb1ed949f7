using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Forwarding;

/// <summary>Turns an upstream's complete answer (headers, body, trailers) into the gateway's response.</summary>
internal interface IUpstreamResponseReader
{
    /// <returns>The response, or null when the answer is not valid for the upstream's protocol (a 502).</returns>
    GatewayResponse? Read(GatewayContext context, HttpResponseMessage upstream, ReadOnlyMemory<byte> body);
}
