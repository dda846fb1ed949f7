using System.Net.Sockets;

namespace Gateway.Forwarding;

/// <summary>
/// An upstream connection on which "the request went out and the connection closed without a byte of answer" is an
/// error, not an end of stream. SocketsHttpHandler treats that end of stream on a request without content as a stale
/// pooled connection and silently sends the request again, up to three more times, on other connections: an upstream
/// that reads the request and then drops the connection would receive it four times for one attempt. Turned into an
/// <see cref="IOException"/>, it reaches the gateway as one failed attempt, and only the service's retry policy
/// (counted by the retry budget and the breaker) decides whether to send it again. Still a <see cref="NetworkStream"/>,
/// so the handler keeps checking idle pooled connections by polling their socket.
/// </summary>
internal sealed class NoSilentReplayStream(Socket socket) : NetworkStream(socket, ownsSocket: true)
{
    // True once a byte arrives after the last write: an end of stream after that is an ordinary close.
    private bool _answered = true;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Observe(base.Read(buffer), buffer.Length);

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Observe(await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _answered = false;
        base.Write(buffer);
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _answered = false;
        return base.WriteAsync(buffer, cancellationToken);
    }

    private int Observe(int read, int requested)
    {
        if (read > 0)
        {
            _answered = true;
        }
        else if (requested > 0 && !_answered)
        {
            throw new IOException("the upstream closed the connection without answering the request");
        }
        return read;
    }
}
