namespace Gateway.Forwarding;

/// <summary>
/// An upstream connection, as HTTP reads and writes it (above TLS), on which "the request went out and the connection
/// closed without a byte of answer" is an error, not an end of stream. SocketsHttpHandler treats that end of stream on
/// a request without content as a stale pooled connection and silently sends the request again, up to three more
/// times, on other connections: an upstream that reads the request and then drops the connection would receive it four
/// times for one attempt. Turned into an <see cref="IOException"/>, it reaches the gateway as one failed attempt, and
/// only the service's retry policy (counted by the retry budget and the breaker) decides whether to send it again.
/// </summary>
internal sealed class NoSilentReplayStream(Stream inner) : Stream
{
    // True once a byte arrives after the last write: an end of stream after that is an ordinary close (or an idle
    // pooled connection closing, which the handler then drops without sending on it).
    private bool _answered = true;

    public override bool CanRead => inner.CanRead;

    public override bool CanWrite => inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Observe(inner.Read(buffer), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Observe(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false), buffer.Length);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _answered = false;
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _answered = false;
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return inner.DisposeAsync();
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
