using System.Text.Json;
using System.Text.Json.Nodes;

namespace Gateway.HostileInputTests.Events;

/// <summary>A place in a JSON document, by the property names and array indexes that lead to it.</summary>
public sealed record JsonLocation(IReadOnlyList<string> Steps)
{
    public override string ToString() => Steps.Count == 0 ? "(root)" : string.Join('.', Steps);
}

/// <summary>Every place in a document, and edits of one place in a copy.</summary>
public static class JsonLocations
{
    /// <summary>Every property and array item below the root, parents before children.</summary>
    public static IEnumerable<(JsonLocation Location, JsonNode? Value)> All(JsonNode root)
    {
        var pending = new Stack<(List<string> Steps, JsonNode? Node)>();
        pending.Push(([], root));
        while (pending.Count > 0)
        {
            var (steps, node) = pending.Pop();
            if (steps.Count > 0)
            {
                yield return (new JsonLocation(steps), node);
            }
            var children = node switch
            {
                JsonObject obj => obj.Select(p => (p.Key, p.Value)).ToList(),
                JsonArray array => array.Select((item, index) => (index.ToString(System.Globalization.CultureInfo.InvariantCulture), item)).ToList(),
                _ => [],
            };
            for (var i = children.Count - 1; i >= 0; i--)
            {
                pending.Push(([.. steps, children[i].Item1], children[i].Item2));
            }
        }
    }

    /// <summary>A copy with the value at <paramref name="location"/> replaced, or removed when <paramref name="remove"/>.</summary>
    public static JsonNode With(JsonNode root, JsonLocation location, JsonNode? replacement, bool remove = false)
    {
        var copy = root.DeepClone();
        var parent = copy;
        foreach (var step in location.Steps.Take(location.Steps.Count - 1))
        {
            parent = parent is JsonArray array ? array[int.Parse(step, System.Globalization.CultureInfo.InvariantCulture)]! : parent[step]!;
        }
        var last = location.Steps[^1];
        if (parent is JsonArray items)
        {
            var index = int.Parse(last, System.Globalization.CultureInfo.InvariantCulture);
            if (remove)
            {
                items.RemoveAt(index);
            }
            else
            {
                items[index] = replacement?.DeepClone();
            }
        }
        else if (remove)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = replacement?.DeepClone();
        }
        return copy;
    }

    /// <summary>The document's JSON with one property of <paramref name="target"/> written twice.</summary>
    public static byte[] WithDuplicate(JsonNode root, JsonObject target, string key)
    {
        var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, root, target, key);
        }
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node, JsonObject target, string key)
    {
        switch (node)
        {
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (name, value) in obj)
                {
                    writer.WritePropertyName(name);
                    Write(writer, value, target, key);
                }
                if (ReferenceEquals(obj, target))
                {
                    writer.WritePropertyName(key);
                    Write(writer, obj[key], target, key);
                }
                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item, target, key);
                }
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }
}
