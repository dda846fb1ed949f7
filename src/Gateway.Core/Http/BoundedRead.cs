using System.Buffers;

namespace Gateway.Http;

/// <summary>Reads a body that may be larger than the gateway takes, without ever holding more than one byte past the bound.</summary>
internal static class BoundedRead
{
    /// <summary>
    /// Reads until <paramref name="source"/> ends (Ended) or more than <paramref name="bound"/> bytes came (then the
    /// bytes read so far, <paramref name="bound"/> + 1 or a little more, and not Ended).
    /// </summary>
    public static async ValueTask<(byte[] Bytes, bool Ended)> ReadAsync(Stream source, long bound, long? expected, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(expected ?? 16 * 1024, bound) + 1);
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                // Never past bound + 1: what is read ahead of a streamed body stays under the large-object heap's 85,000
                // bytes, which a busy upload route would otherwise fill with a full collection's worth every few requests.
                var room = (int)Math.Min(buffer.Length - total, bound + 1 - total);
                var read = await source.ReadAsync(buffer.AsMemory(total, room), cancellationToken).ConfigureAwait(false);
                total += read;
                if (read == 0 || total > bound)
                {
                    return (buffer.AsSpan(0, total).ToArray(), read == 0);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
