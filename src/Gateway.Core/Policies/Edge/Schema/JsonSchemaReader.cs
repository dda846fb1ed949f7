using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gateway.Configuration;

namespace Gateway.Policies.Edge.Schema;

/// <summary>
/// Reads a schema written in the configuration (YAML, or JSON pasted as it is) into a <see cref="JsonSchema"/>.
/// Keywords it does not enforce are errors rather than silently ignored, so a schema never promises a check the
/// gateway does not make; annotations (title, description, …) are accepted and ignored.
/// </summary>
internal static class JsonSchemaReader
{
    public static readonly string[] Keywords =
    [
        "type", "enum", "const",
        "properties", "required", "additionalProperties", "minProperties", "maxProperties",
        "items", "minItems", "maxItems", "uniqueItems",
        "minLength", "maxLength", "pattern",
        "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    ];

    private static readonly string[] Annotations = ["$schema", "$id", "$comment", "title", "description", "default", "examples", "deprecated", "readOnly", "writeOnly"];

    public static JsonSchema Read(ConfigNode node)
    {
        if (!node.IsMapping)
        {
            node.Error("must be a schema (a mapping of keywords)");
            return new JsonSchema();
        }
        node.AllowKeys([.. Keywords, .. Annotations]);
        var allowed = node["enum"].Exists ? node["enum"].Items().Select(ToJson).ToArray() : null;
        var constant = node["const"].Exists ? ToJson(node["const"]) : (JsonElement?)null;
        return new JsonSchema
        {
            Types = ReadTypes(node["type"]),
            Enum = allowed,
            EnumForms = allowed?.Select(CanonicalJson.Of).ToHashSet(StringComparer.Ordinal),
            Const = constant,
            ConstForm = constant is { } value ? CanonicalJson.Of(value) : null,
            Properties = node["properties"].Entries().Select(p => new SchemaProperty(p.Key, Encoding.UTF8.GetBytes(p.Key), Read(p.Value))).ToArray(),
            Required = node["required"].StringList().Select(name => new RequiredProperty(name, Encoding.UTF8.GetBytes(name))).ToArray(),
            AdditionalPropertiesAllowed = !node["additionalProperties"].Exists || node["additionalProperties"].IsMapping || node["additionalProperties"].Bool(true),
            AdditionalProperties = node["additionalProperties"].IsMapping ? Read(node["additionalProperties"]) : null,
            MinProperties = Count(node["minProperties"]),
            MaxProperties = Count(node["maxProperties"]),
            Items = node["items"].Exists ? Read(node["items"]) : null,
            MinItems = Count(node["minItems"]),
            MaxItems = Count(node["maxItems"]),
            UniqueItems = node["uniqueItems"].Bool(false),
            MinLength = Count(node["minLength"]),
            MaxLength = Count(node["maxLength"]),
            Pattern = ReadPattern(node["pattern"]),
            Minimum = Number(node["minimum"]),
            Maximum = Number(node["maximum"]),
            ExclusiveMinimum = Number(node["exclusiveMinimum"]),
            ExclusiveMaximum = Number(node["exclusiveMaximum"]),
        };
    }

    private static JsonTypes ReadTypes(ConfigNode node)
    {
        var types = JsonTypes.Any;
        foreach (var name in node.StringList())
        {
            var match = JsonSchema.TypeNames.FirstOrDefault(t => t.Name == name);
            if (match.Name is null)
            {
                node.Error($"\"{name}\" is not a JSON Schema type (one of: {string.Join(", ", JsonSchema.TypeNames.Select(t => t.Name))})");
                continue;
            }
            // "number" admits integers too.
            types |= match.Type == JsonTypes.Number ? JsonTypes.Number | JsonTypes.Integer : match.Type;
        }
        return types;
    }

    private static Regex? ReadPattern(ConfigNode node)
    {
        if (node.String() is not { } pattern)
        {
            return null;
        }
        try
        {
            // Without backtracking, a match costs time linear in the string whatever the pattern ("^(a+)+$" included),
            // so no timeout is needed and none can be multiplied by the number of strings in a body.
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (NotSupportedException exception)
        {
            node.Error($"uses a construct that cannot be matched in linear time (backreferences, lookarounds, atomic groups and conditionals are refused): {exception.Message}");
            return null;
        }
        catch (ArgumentException exception)
        {
            node.Error($"is not a valid regular expression: {exception.Message}");
            return null;
        }
    }

    private static int? Count(ConfigNode node) => node.Exists ? node.Int(0, 0) : null;

    private static double? Number(ConfigNode node) => node.Exists ? node.Double(0, double.MinValue, double.MaxValue) : null;

    private static JsonElement ToJson(ConfigNode node)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            node.WriteJson(writer);
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
