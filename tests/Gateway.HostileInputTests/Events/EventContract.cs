using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Gateway.Lambda.ApiGatewayEvents;

namespace Gateway.HostileInputTests.Events;

/// <summary>
/// Whether a JSON document fits an event contract's types, read off the contract classes themselves: strings where a
/// string is declared, booleans and integers in range where those are, objects, arrays and maps of the declared
/// element types. Null fits any reference type (it means absent) but no boolean or integer. Unknown fields fit
/// anything, and so do the values of maps read by <see cref="StringMapConverter"/> (authorizer contexts, claims).
/// </summary>
public static class EventContract
{
    public static bool Fits(Type type, JsonNode? node)
    {
        if (node is null)
        {
            return !type.IsValueType;
        }
        var kind = node.GetValueKind();
        if (type == typeof(string))
        {
            return kind == JsonValueKind.String;
        }
        if (type == typeof(bool))
        {
            return kind is JsonValueKind.True or JsonValueKind.False;
        }
        if (type == typeof(long))
        {
            using var number = JsonDocument.Parse(node.ToJsonString());
            return kind == JsonValueKind.Number && number.RootElement.TryGetInt64(out _);
        }
        if (type.IsArray)
        {
            return node is JsonArray array && array.All(item => Fits(type.GetElementType()!, item));
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>))
        {
            var valueType = type.GetGenericArguments()[1];
            return node is JsonObject map && map.All(entry => Fits(valueType, entry.Value));
        }
        if (node is not JsonObject obj)
        {
            return false;
        }
        foreach (var (name, value) in obj)
        {
            if (Property(type, name) is not { } property)
            {
                continue;
            }
            var fits = property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType == typeof(StringMapConverter)
                ? value is null or JsonObject
                : Fits(DeclaredType(property), value);
            if (!fits)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// The declared type of the value at <paramref name="steps"/> (property names, map keys, array indexes): object for
    /// the values of <see cref="StringMapConverter"/> maps, which take anything, and null where the contract does not
    /// look (unknown fields, and anything inside those values).
    /// </summary>
    public static Type? TypeAt(Type type, IEnumerable<string> steps)
    {
        Type? current = type;
        foreach (var step in steps)
        {
            if (current is null || current == typeof(string) || current == typeof(object) || current.IsValueType)
            {
                return null;
            }
            if (current == typeof(StringMapConverter))
            {
                current = typeof(object);
            }
            else if (current.IsArray)
            {
                current = current.GetElementType();
            }
            else if (current.IsGenericType && current.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                current = current.GetGenericArguments()[1];
            }
            else if (Property(current, step) is { } property)
            {
                current = property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType == typeof(StringMapConverter)
                    ? typeof(StringMapConverter)
                    : DeclaredType(property);
            }
            else
            {
                return null;
            }
        }
        return current;
    }

    /// <summary>The JSON type a property takes: a body read as UTF-8 bytes is a string in the event.</summary>
    private static Type DeclaredType(PropertyInfo property) =>
        property.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType == typeof(Utf8StringConverter) ? typeof(string) : property.PropertyType;

    private static PropertyInfo? Property(Type type, string jsonName) =>
        type.GetProperties().FirstOrDefault(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name) == jsonName);
}
