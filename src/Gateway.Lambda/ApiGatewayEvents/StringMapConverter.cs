using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>
/// Reads a JSON object whose values may be strings, numbers, booleans or null (as authorizer contexts and JWT claims
/// are) into a string map. Nested objects and arrays are kept as their JSON text. A key given twice is refused, as
/// the serializer refuses duplicates elsewhere: identity comes from these maps, and no reader may pick another copy.
/// </summary>
public sealed class StringMapConverter : JsonConverter<Dictionary<string, string>>
{
    public override Dictionary<string, string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("expected an object");
        }
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            var value = reader.TokenType switch
            {
                JsonTokenType.String => reader.GetString()!,
                JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False => System.Text.Encoding.UTF8.GetString(reader.ValueSpan),
                JsonTokenType.Null => string.Empty,
                _ => JsonElementText(ref reader),
            };
            if (!map.TryAdd(name, value))
            {
                throw new JsonException($"the property '{name}' appears twice");
            }
        }
        return map;
    }

    public override void Write(Utf8JsonWriter writer, Dictionary<string, string> value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        foreach (var (key, text) in value)
        {
            writer.WriteString(key, text);
        }
        writer.WriteEndObject();
    }

    private static string JsonElementText(ref Utf8JsonReader reader)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return document.RootElement.GetRawText();
    }
}
