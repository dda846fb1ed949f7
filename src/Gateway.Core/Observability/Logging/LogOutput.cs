using System.Buffers;

namespace Gateway.Observability.Logging;

/// <summary>
/// Where log lines and metric documents go: one JSON document per line, each written whole under a lock so that
/// concurrent requests never interleave their lines.
/// </summary>
public sealed class LogOutput(Stream stream)
{
    private readonly Lock _lock = new();

    public static LogOutput StandardOutput { get; } = new(Console.OpenStandardOutput());

    public static LogOutput StandardError { get; } = new(Console.OpenStandardError());

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
            stream.Write(line.WrittenSpan);
            stream.Flush();
        }
    }
}
