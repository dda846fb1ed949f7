using System.Net;
using System.Net.Sockets;

namespace Gateway.Testing;

/// <summary>What the fault proxy does to each new connection.</summary>
public enum Fault
{
    /// <summary>Relay bytes both ways untouched.</summary>
    None,

    /// <summary>Relay, but hold each chunk for <see cref="FaultProxy.Latency"/> first.</summary>
    Latency,

    /// <summary>Accept and close at once, before any byte.</summary>
    Drop,

    /// <summary>Accept and reset (RST) at once.</summary>
    Reset,

    /// <summary>Accept, read, and never answer.</summary>
    Stall,

    /// <summary>Answer the first request with bytes that are not the expected protocol, then close.</summary>
    Garbage,
}

/// <summary>
/// A loopback TCP proxy that tests put in front of a real server (an upstream, DynamoDB Local) and switch between
/// faults while traffic flows. The fault applies to connections opened after the switch; <see cref="BreakConnections"/>
/// also cuts the ones already open (pooled clients keep theirs).
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private static readonly byte[] GarbageBytes = "\u0000\u00ffHTTP/9.9 ??? not a response\r\n\r\n\u0001\u0002"u8.ToArray();

    private readonly IPEndPoint _target;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private readonly List<Socket> _open = [];
    private readonly Task _accepting;
    private volatile Fault _fault;
    private int _connections;

    public FaultProxy(IPEndPoint target)
    {
        _target = target;
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    public FaultProxy(Uri target)
        : this(new IPEndPoint(IPAddress.Parse(target.Host == "localhost" ? "127.0.0.1" : target.Host), target.Port))
    {
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Connections accepted so far, whatever happened to them.</summary>
    public int Connections => Volatile.Read(ref _connections);

    public Fault Fault
    {
        get => _fault;
        set => _fault = value;
    }

    /// <summary>Resets every connection currently open through the proxy.</summary>
    public void BreakConnections()
    {
        lock (_lock)
        {
            foreach (var socket in _open)
            {
                Abort(socket);
            }
            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        BreakConnections();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = HandleAsync(client, _fault);
        }
    }

    private async Task HandleAsync(Socket client, Fault fault)
    {
        Track(client);
        try
        {
            switch (fault)
            {
                case Fault.Drop:
                    client.Shutdown(SocketShutdown.Both);
                    client.Close();
                    return;
                case Fault.Reset:
                    Abort(client);
                    return;
                case Fault.Stall:
                    await DrainAsync(client);
                    return;
                case Fault.Garbage:
                    await client.ReceiveAsync(new byte[4096], _stop.Token);
                    await client.SendAsync(GarbageBytes, _stop.Token);
                    client.Close();
                    return;
            }
            using var upstream = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await upstream.ConnectAsync(_target, _stop.Token);
            Track(upstream);
            var delay = fault == Fault.Latency ? Latency : TimeSpan.Zero;
            await Task.WhenAny(PumpAsync(client, upstream, delay), PumpAsync(upstream, client, delay));
        }
        catch (Exception exception) when (exception is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The fault, or the test, ended the connection.
        }
        finally
        {
            client.Dispose();
        }
    }

    private async Task PumpAsync(Socket from, Socket to, TimeSpan delay)
    {
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await from.ReceiveAsync(buffer, _stop.Token);
            if (read == 0)
            {
                to.Shutdown(SocketShutdown.Send);
                return;
            }
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _stop.Token);
            }
            await to.SendAsync(buffer.AsMemory(0, read), _stop.Token);
        }
    }

    /// <summary>Reads and discards until the peer or the test gives up: a server that never answers.</summary>
    private async Task DrainAsync(Socket client)
    {
        var buffer = new byte[4096];
        while (await client.ReceiveAsync(buffer, _stop.Token) > 0)
        {
        }
    }

    private void Track(Socket socket)
    {
        lock (_lock)
        {
            _open.RemoveAll(s => !s.Connected);
            _open.Add(socket);
        }
    }

    private static void Abort(Socket socket)
    {
        try
        {
            // Linger 0 makes close send RST instead of FIN.
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
