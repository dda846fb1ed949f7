namespace Gateway.Lambda;

/// <summary>The two ends of a Stream handler, as both functions use them.</summary>
internal static class LambdaStreams
{
    /// <summary>
    /// The event as a stream that can be read twice (a payload is tried as one format, then another). The runtime's
    /// is seekable, so it is read in place through pooled buffers; anything else is copied first.
    /// </summary>
    public static async ValueTask<Stream> RewindableAsync(Stream input)
    {
        if (input.CanSeek)
        {
            return input;
        }
        var copy = new MemoryStream();
        await input.CopyToAsync(copy).ConfigureAwait(false);
        copy.Position = 0;
        return copy;
    }

    /// <summary>The response, serialized through pooled buffers into one exact-size array.</summary>
    public static MemoryStream Response(byte[] json) => new(json, writable: false);
}
