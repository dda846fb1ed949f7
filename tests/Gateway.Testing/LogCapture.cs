using System.Text;
using System.Text.Json;
using Gateway.Observability.Logging;

namespace Gateway.Testing;

/// <summary>A log output that keeps every line, for tests that read what the gateway logged.</summary>
public sealed class LogCapture
{
    private readonly MemoryStream _stream = new();

    public LogCapture() => Output = new LogOutput(_stream);

    public LogOutput Output { get; }

    public string Text
    {
        get
        {
            lock (_stream)
            {
                return Encoding.UTF8.GetString(_stream.ToArray());
            }
        }
    }

    public IReadOnlyList<string> Lines => Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Every line parsed as JSON; a line that is not JSON fails the test.</summary>
    public IReadOnlyList<JsonElement> Documents => Lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToArray();
}
