namespace Gateway.Http;

/// <summary>
/// An upstream answer's body that the host copies to the client as it arrives, so a server-sent event or a chunk
/// reaches the client when the upstream sends it, and an answer larger than the buffered limit passes. It owns the
/// upstream's response (its connection) until disposed.
/// </summary>
public sealed class StreamedBody(HttpResponseMessage upstream) : IAsyncDisposable
{
    /// <summary>The length the upstream declared; null for a chunked or close-delimited body.</summary>
    public long? Length => upstream.Content.Headers.ContentLength;

    /// <summary>The upstream's trailers (gRPC's status, a checksum), known once the body has been copied.</summary>
    public IEnumerable<KeyValuePair<string, IEnumerable<string>>> Trailers => upstream.TrailingHeaders;

    /// <summary>Copies every chunk as soon as it is read; each write to Kestrel's body flushes.</summary>
    public async Task CopyToAsync(Stream destination, CancellationToken cancellationToken)
    {
        await using var source = await upstream.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public ValueTask DisposeAsync()
    {
        upstream.Dispose();
        return ValueTask.CompletedTask;
    }
}
