using System.Buffers;

namespace Gateway.Observability.Logging;

/// <summary>
/// Where log lines and metric documents go: one JSON document per line, each written whole under a lock so that
/// concurrent requests never interleave their lines. Unbuffered by default — in Lambda a line must be out before the
/// invocation ends — or <see cref="Buffered"/> for a long-lived host.
/// </summary>
public sealed class LogOutput(Stream stream) : IDisposable
{
    // A buffered output writes when this much is pending, or when its interval passes.
    private const int BufferedBytes = 64 * 1024;

    private readonly Lock _lock = new();
    private ArrayBufferWriter<byte>? _pending;
    private Timer? _flusher;

    public static LogOutput StandardOutput { get; } = new(Console.OpenStandardOutput());

    public static LogOutput StandardError { get; } = new(Console.OpenStandardError());

    /// <summary>
    /// Lines are collected and written together every <paramref name="interval"/> (or each 64 KB): one system call for
    /// hundreds of lines under load instead of one per line, for at most an interval's lines lost if the process dies.
    /// <c>serve</c> logs this way; disposing writes what is pending.
    /// </summary>
    public static LogOutput Buffered(Stream stream, TimeSpan interval)
    {
        var output = new LogOutput(stream) { _pending = new ArrayBufferWriter<byte>(BufferedBytes) };
        output._flusher = new Timer(static state => ((LogOutput)state!).Flush(), output, interval, interval);
        return output;
    }

    /// <summary>
    /// Writes the JSON document in <paramref name="line"/> and a line feed with one write: stdout is unbuffered, so
    /// that is one system call per line (a separate write for the line feed cost serve about 6% of its throughput
    /// in the nginx comparison).
    /// </summary>
    public void WriteLine(ArrayBufferWriter<byte> line)
    {
        line.Write("\n"u8);
        lock (_lock)
        {
            if (_pending is not { } pending)
            {
                Write(line.WrittenSpan);
                return;
            }
            pending.Write(line.WrittenSpan);
            if (pending.WrittenCount >= BufferedBytes)
            {
                WritePending(pending);
            }
        }
    }

    /// <summary>Writes what a buffered output holds.</summary>
    public void Flush()
    {
        lock (_lock)
        {
            if (_pending is { WrittenCount: > 0 } pending)
            {
                WritePending(pending);
            }
        }
    }

    public void Dispose()
    {
        _flusher?.Dispose();
        Flush();
    }

    private void WritePending(ArrayBufferWriter<byte> pending)
    {
        Write(pending.WrittenSpan);
        pending.ResetWrittenCount();
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        stream.Flush();
    }
}
