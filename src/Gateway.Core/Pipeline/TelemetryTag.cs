using System.Text.Json;

namespace Gateway.Pipeline;

/// <summary>
/// A named value one request records for the observers: the access log writes every tag set as a field of its line,
/// and a metric may be defined by one. The part that records a tag declares it (the rate limiter its limit, the cache
/// its outcome, the breaker its state); the core and the observers name none.
/// </summary>
public sealed class TelemetryTag(string name)
{
    /// <summary>The field name, as the access log writes it (snake case, like the log's other keys).</summary>
    public string Name => name;

    public JsonEncodedText EncodedName { get; } = JsonEncodedText.Encode(name);

    public override string ToString() => name;
}
