using System.Text;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>An answer as a client saw it, whichever host gave it.</summary>
public sealed record HostResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.FirstOrDefault(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)) is { Key: not null } found ? found.Value : null;

    public string BodyPreview => Body.Length == 0 ? "(empty body)" : Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 200)));
}
