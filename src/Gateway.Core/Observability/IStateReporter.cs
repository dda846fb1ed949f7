using System.Text.Json;

namespace Gateway.Observability;

/// <summary>A part of the gateway's live state (breakers, limiters) that the local host's /admin/state shows.</summary>
public interface IStateReporter
{
    /// <summary>The property this part appears under in /admin/state.</summary>
    string Section { get; }

    void Write(Utf8JsonWriter json);
}
