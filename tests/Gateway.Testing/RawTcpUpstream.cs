using System.Net;
using System.Net.Sockets;

namespace Gateway.Testing;

/// <summary>
/// A TCP listener on 127.0.0.1 that answers every connection with fixed bytes (or nothing) and closes it: an
/// upstream that speaks garbage instead of HTTP.
/// </summary>
public sealed class RawTcpUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public RawTcpUpstream(byte[] reply)
    {
        _listener.Start();
        _accepting = AcceptAsync(reply);
    }

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

    private async Task AcceptAsync(byte[] reply)
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            var stream = client.GetStream();
            var buffer = new byte[4096];
            _ = await stream.ReadAsync(buffer, _stop.Token);
            await stream.WriteAsync(reply, _stop.Token);
        }
    }
}
