namespace Gateway.Http;

/// <summary>
/// A request body the host has not read (<c>serve</c>). The gateway reads it whole when a policy of the matched route
/// needs it; otherwise it reads ahead a little — most API bodies end there and are then handled as buffered ones,
/// retryable and refused whole when malformed — and streams the rest to the upstream as it arrives, so an upload
/// larger than any buffer passes. <c>gateway.maxRequestBodySize</c> holds either way: a declared length over it is
/// refused before any byte is read, an undeclared one once that many bytes have been.
/// </summary>
public sealed class StreamedRequestBody(Stream source, long? declaredLength)
{
    private readonly Stream _source = source;
    private ReadOnlyMemory<byte> _readAhead;
    private long _routeLimit = long.MaxValue;
    private int _started;

    /// <summary>The Content-Length the client declared; null for a chunked body.</summary>
    public long? DeclaredLength => declaredLength;

    /// <summary>What is known of its length without a declared one: at least what was read ahead.</summary>
    public long MinimumLength => Math.Max(declaredLength ?? 0, _readAhead.Length);

    /// <summary>Whether sending it upstream began: its bytes are not kept, so an attempt after that cannot resend them.</summary>
    public bool Started => Volatile.Read(ref _started) != 0;

    /// <summary>
    /// Why sending it upstream failed on the client's side (too large, or a broken chunk), when it did: then the
    /// attempt says nothing about the upstream, and the client is told its own error.
    /// </summary>
    public RequestBodyException? Failure { get; private set; }

    /// <summary>
    /// Reads until the body ends or more than <paramref name="upTo"/> bytes came. Whole: the body, to be handled as a
    /// buffered one. Otherwise what was read is kept, to be sent ahead of the rest. Throws <see cref="IOException"/>
    /// for a body that breaks HTTP's framing.
    /// </summary>
    public async ValueTask<BodyRead> ReadAsync(long upTo, long limit, CancellationToken cancellationToken)
    {
        if (declaredLength > limit)
        {
            return BodyRead.TooLarge;
        }
        var (bytes, ended) = await BoundedRead.ReadAsync(_source, Math.Min(upTo, limit), declaredLength, cancellationToken).ConfigureAwait(false);
        if (ended)
        {
            return new BodyRead(BodyReadOutcome.Whole, bytes);
        }
        if (bytes.Length > limit)
        {
            return BodyRead.TooLarge;
        }
        _readAhead = bytes;
        return new BodyRead(BodyReadOutcome.Partial, default);
    }

    /// <summary>Holds the body to a lower limit than the gateway's (a route's own), from here on.</summary>
    public void Restrict(long limit) => _routeLimit = Math.Min(_routeLimit, limit);

    /// <summary>The body as upstream content, sent as it arrives; a <see cref="RequestBodyException"/> ends it past <paramref name="limit"/> (or a tighter route limit).</summary>
    public HttpContent ToContent(long limit)
    {
        var content = new StreamContent(new LimitedReadStream(this, Math.Min(limit, _routeLimit)));
        content.Headers.ContentLength = declaredLength;
        return content;
    }

    private RequestBodyException Fail(RequestBodyException failure) => Failure = failure;

    /// <summary>What was read ahead, then the rest from the client; counts it all and stops the copy past the limit.</summary>
    private sealed class LimitedReadStream(StreamedRequestBody body, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Volatile.Write(ref body._started, 1);
            var ahead = body._readAhead;
            if (_read < ahead.Length)
            {
                var from = ahead[(int)_read..];
                var count = Math.Min(from.Length, buffer.Length);
                from[..count].CopyTo(buffer);
                return Count(count);
            }
            int read;
            try
            {
                read = await body._source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException exception) when (exception is not RequestBodyException)
            {
                throw body.Fail(RequestBodyException.Malformed(exception));
            }
            return Count(read);
        }

        private int Count(int read)
        {
            _read += read;
            return _read > limit ? throw body.Fail(RequestBodyException.TooLarge(limit)) : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

public enum BodyReadOutcome
{
    /// <summary>The body ended within the bytes asked for: it is <see cref="BodyRead.Bytes"/>.</summary>
    Whole,

    /// <summary>The body goes on: what was read is sent ahead of the rest.</summary>
    Partial,

    /// <summary>Larger than <c>gateway.maxRequestBodySize</c>.</summary>
    TooLarge,
}

/// <summary>How far reading a request body got.</summary>
public readonly record struct BodyRead(BodyReadOutcome Outcome, ReadOnlyMemory<byte> Bytes)
{
    public static BodyRead TooLarge => new(BodyReadOutcome.TooLarge, default);
}

/// <summary>A request body the client got wrong: too large (413) or malformed (400), whether found reading it or streaming it.</summary>
public sealed class RequestBodyException : IOException
{
    private RequestBodyException(int status, string message)
        : base(message) => Status = status;

    public int Status { get; }

    public static RequestBodyException TooLarge(long limit) => new(413, TooLargeMessage(limit));

    /// <summary>A broken chunk (Kestrel's BadHttpRequestException), or a client that stopped sending.</summary>
    public static RequestBodyException Malformed(IOException cause) => new(400, $"the request body is malformed or cut off: {cause.Message}");

    public static string TooLargeMessage(long limit) => $"the request body is larger than {limit} bytes";

    /// <summary>The client's answer: 413 <c>payload_too_large</c> or 400 <c>invalid_request</c>.</summary>
    public GatewayResponse ToResponse(Pipeline.GatewayContext context) =>
        Pipeline.GatewayErrors.Create(context, Status, Status == 413 ? Pipeline.ErrorCodes.PayloadTooLarge : Pipeline.ErrorCodes.InvalidRequest, Message);
}
