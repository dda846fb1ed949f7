using System.Runtime.CompilerServices;
using System.Threading.Tasks.Sources;

namespace Gateway.Forwarding;

/// <summary>
/// An upstream connection, as HTTP reads and writes it (above TLS), on which "the request went out and the connection
/// closed without a byte of answer" is an error, not an end of stream. SocketsHttpHandler treats that end of stream on
/// a request without content as a stale pooled connection and silently sends the request again, up to three more
/// times, on other connections: an upstream that reads the request and then drops the connection would receive it four
/// times for one attempt. Turned into an <see cref="IOException"/>, it reaches the gateway as one failed attempt, and
/// only the service's retry policy (counted by the retry budget and the breaker) decides whether to send it again.
/// </summary>
/// <remarks>
/// Every read of every upstream answer passes through here, so a read that waits completes through one reusable
/// source rather than an async method's frame, which cost an allocation per read. The handler reads a connection from
/// one reader at a time; a read that overlaps another anyway takes the allocating path.
/// </remarks>
internal sealed class NoSilentReplayStream : Stream, IValueTaskSource<int>
{
    private readonly Stream _inner;
    private readonly Action _completeRead;
    private ManualResetValueTaskSourceCore<int> _read;
    private ConfiguredValueTaskAwaitable<int>.ConfiguredValueTaskAwaiter _innerRead;
    private int _requested;
    private int _reading;

    // True once a byte arrives after the last write: an end of stream after that is an ordinary close (or an idle
    // pooled connection closing, which the handler then drops without sending on it).
    private bool _answered = true;

    public NoSilentReplayStream(Stream inner)
    {
        _inner = inner;
        _completeRead = CompleteRead;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanWrite => _inner.CanWrite;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Observe(_inner.Read(buffer), buffer.Length);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = _inner.ReadAsync(buffer, cancellationToken);
        if (read.IsCompletedSuccessfully)
        {
            try
            {
                return new ValueTask<int>(Observe(read.Result, buffer.Length));
            }
            catch (IOException silentClose)
            {
                // Reported through the task, as from an async read, not thrown at the caller.
                return ValueTask.FromException<int>(silentClose);
            }
        }
        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            return ObserveAsync(read, buffer.Length);
        }
        _requested = buffer.Length;
        _read.Reset();
        _innerRead = read.ConfigureAwait(false).GetAwaiter();
        var pending = new ValueTask<int>(this, _read.Version);
        _innerRead.UnsafeOnCompleted(_completeRead);
        return pending;
    }

    private async ValueTask<int> ObserveAsync(ValueTask<int> read, int requested) => Observe(await read.ConfigureAwait(false), requested);

    private void CompleteRead()
    {
        var innerRead = _innerRead;
        _innerRead = default;
        try
        {
            _read.SetResult(Observe(innerRead.GetResult(), _requested));
        }
        catch (Exception exception)
        {
            _read.SetException(exception);
        }
    }

    int IValueTaskSource<int>.GetResult(short token)
    {
        try
        {
            return _read.GetResult(token);
        }
        finally
        {
            // Free for the next read only once this one's result is taken.
            Volatile.Write(ref _reading, 0);
        }
    }

    ValueTaskSourceStatus IValueTaskSource<int>.GetStatus(short token) => _read.GetStatus(token);

    void IValueTaskSource<int>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _read.OnCompleted(continuation, state, token, flags);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _answered = false;
        _inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _answered = false;
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }
        base.Dispose(disposing);
    }

    public override ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return _inner.DisposeAsync();
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
