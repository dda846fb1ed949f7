using System.Net.Sockets;
using System.Text;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>
/// The real Kestrel host (what <c>gatewayctl serve</c> runs) on a loopback port, spoken to over a raw socket: the
/// bytes go out exactly as a case wrote them, which no HTTP client would do, and the answer is read to the end.
/// </summary>
public sealed class KestrelCorpusHost : IAsyncDisposable
{
    private readonly GatewayServer _server;

    private KestrelCorpusHost(GatewayServer server) => _server = server;

    public static async Task<KestrelCorpusHost> StartAsync(CorpusRig rig) =>
        new(await GatewayServer.StartAsync(rig.Gateway, rig.Failures));

    public async Task<HostResponse> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_server.Host.Address.Host, _server.Host.Address.Port, cancellationToken);
        var stream = client.GetStream();
        // Read while writing: Kestrel may answer (431, 400) and close before a large request is fully sent.
        var reading = ReadToEndAsync(stream, cancellationToken);
        try
        {
            await stream.WriteAsync(request, cancellationToken);
        }
        catch (IOException)
        {
            // The server stopped reading; its answer, if any, is in what was read.
        }
        return Parse(await reading);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static async Task<byte[]> ReadToEndAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the answer (the server closed with our bytes unread) loses nothing we need.
        }
        return received.ToArray();
    }

    private static HostResponse Parse(byte[] raw)
    {
        var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"no complete HTTP response: {Encoding.Latin1.GetString(raw.AsSpan(0, Math.Min(raw.Length, 200)))}");
        }
        var head = Encoding.Latin1.GetString(raw, 0, end).Split("\r\n");
        var status = int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = head.Skip(1)
            .Select(line => line.Split(':', 2))
            .Select(parts => KeyValuePair.Create(parts[0], parts[1].Trim()))
            .ToList();
        var body = raw.AsSpan(end + 4);
        var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase));
        return new HostResponse(status, headers, chunked ? Dechunk(body) : body.ToArray());
    }

    private static byte[] Dechunk(ReadOnlySpan<byte> body)
    {
        var result = new MemoryStream();
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(body[..lineEnd]).Split(';')[0], 16);
            if (size == 0)
            {
                return result.ToArray();
            }
            result.Write(body.Slice(lineEnd + 2, size));
            body = body[(lineEnd + 2 + size + 2)..];
        }
    }
}
