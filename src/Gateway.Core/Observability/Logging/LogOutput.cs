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

    public void WriteLine(ReadOnlySpan<byte> json)
    {
        lock (_lock)
        {
            stream.Write(json);
            stream.WriteByte((byte)'\n');
            stream.Flush();
        }
    }
}
