using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.HostileInputTests.Corpus;

namespace Gateway.HostileInputTests.Events;

/// <summary>One edit of one field: a replacement value, or the field's removal.</summary>
public sealed record FieldEdit(string Label, JsonNode? Replacement, bool Remove = false);

/// <summary>
/// Edits every field of every real event, one field at a time, and judges each result by the documented contract
/// (<see cref="EventOracle"/>). The families differ only in the edits they make.
/// </summary>
public sealed class FieldMutationFamily(string name, Func<JsonNode?, IEnumerable<FieldEdit>> edits) : IEventFamily
{
    private static readonly string[] HugeNumbers =
        ["1e400", "-1e400", "99999999999999999999", "-9223372036854775809", "9223372036854775808", "1.5", "1E3", "-0", "1e-400", new string('9', 500)];

    public string Name => name;

    /// <summary>Each field replaced by values of every other JSON type.</summary>
    public static FieldMutationFamily WrongTypes { get; } = new("events-types", value => OtherTypes(value));

    /// <summary>Each field set to null.</summary>
    public static FieldMutationFamily Nulls { get; } = new("events-nulls", _ => [new FieldEdit("null", null)]);

    /// <summary>Each field removed.</summary>
    public static FieldMutationFamily MissingFields { get; } = new("events-missing", _ => [new FieldEdit("removed", null, Remove: true)]);

    /// <summary>Each string, object and array emptied.</summary>
    public static FieldMutationFamily Empties { get; } = new("events-empty", value => value?.GetValueKind() switch
    {
        JsonValueKind.String => [new FieldEdit("\"\"", JsonValue.Create(string.Empty))],
        JsonValueKind.Object => [new FieldEdit("{}", new JsonObject())],
        JsonValueKind.Array => [new FieldEdit("[]", new JsonArray())],
        _ => [],
    });

    /// <summary>Numbers out of every range, and in forms an integer field does not take, in place of numbers and strings.</summary>
    public static FieldMutationFamily Numbers { get; } = new("events-numbers", value => value?.GetValueKind() is JsonValueKind.Number or JsonValueKind.String
        ? HugeNumbers.Select(number => new FieldEdit(number.Length > 30 ? $"a {number.Length}-digit number" : number, JsonNode.Parse(number)))
        : []);

    public IEnumerable<EventCase> Generate(CorpusSettings settings)
    {
        var ids = new CaseIds(Name);
        foreach (var item in EventBases.All)
        {
            foreach (var (location, value) in JsonLocations.All(item.Document))
            {
                foreach (var edit in edits(value))
                {
                    var edited = JsonLocations.With(item.Document, location, edit.Replacement, edit.Remove);
                    yield return new EventCase(
                        ids.Next($"{item.Name} {location} {edit.Label}"),
                        Encoding.UTF8.GetBytes(edited.ToJsonString()),
                        EventOracle.Expected(edited));
                }
            }
        }
    }

    private static IEnumerable<FieldEdit> OtherTypes(JsonNode? value)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        var candidates = new (JsonValueKind Kind, string Json)[]
        {
            (JsonValueKind.String, "\"text\""), (JsonValueKind.Number, "5"), (JsonValueKind.True, "true"),
            (JsonValueKind.Object, "{\"a\":\"b\"}"), (JsonValueKind.Array, "[\"a\"]"),
        };
        foreach (var (candidateKind, json) in candidates)
        {
            if (candidateKind != kind && !(candidateKind == JsonValueKind.True && kind == JsonValueKind.False))
            {
                yield return new FieldEdit(json, JsonNode.Parse(json));
            }
        }
    }
}
