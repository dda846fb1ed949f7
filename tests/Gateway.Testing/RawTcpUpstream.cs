using System.Net;
using System.Net.Sockets;

namespace Gateway.Testing;

/// <summary>
/// A TCP listener on 127.0.0.1 that answers every connection with fixed bytes (or nothing) and closes it: an
/// upstream that speaks garbage instead of HTTP, or (with no reply) one that reads the request and hangs up. It
/// counts the connections it accepted and the requests it read, so a test can tell how many copies arrived.
/// </summary>
public sealed class RawTcpUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    /// <param name="reset">Hang up with a TCP reset (RST) rather than an orderly close.</param>
    public RawTcpUpstream(byte[] reply, bool reset = false)
    {
        _listener.Start();
        _accepting = AcceptAsync(reply, reset);
    }

    private int _connections;
    private int _requests;

    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections on which request bytes arrived: copies of a request the upstream could have acted on.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string BaseUrl => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>A loopback port with nothing listening on it: connections are refused.</summary>
    public static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptAsync(byte[] reply, bool reset)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            Interlocked.Increment(ref _connections);
            var stream = client.GetStream();
            var buffer = new byte[4096];
            if (await stream.ReadAsync(buffer, _stop.Token) > 0)
            {
                Interlocked.Increment(ref _requests);
            }
            await stream.WriteAsync(reply, _stop.Token);
            if (reset)
            {
                client.Client.LingerState = new LingerOption(true, 0);
            }
        }
    }
}
