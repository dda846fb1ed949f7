using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Gateway.Pipeline;

namespace Gateway.Policies.Transforms.Json;

/// <summary>
/// One node of a body mapping's output, worked out once at load from the mapping's steps: where its value comes
/// from when a body arrives. Writing a body walks these nodes once, copying what it takes from the input as it is.
/// </summary>
internal abstract class PlanNode
{
    /// <summary>Whether this node has a value for this input: a field taken from the body may be absent.</summary>
    public abstract bool Exists(JsonElement scope);

    /// <summary>Writes the value. <paramref name="scope"/> is the body, or the array element being mapped.</summary>
    public abstract void Write(Utf8JsonWriter writer, JsonElement scope, GatewayContext context);
}

/// <summary>A field of an output object, or an edit of an input object's field (a null value removes it).</summary>
internal sealed class FieldPlan(string name, PlanNode? value)
{
    public string Name { get; } = name;

    public byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(name);

    public PlanNode? Value { get; set; } = value;
}

/// <summary>
/// The input's value at <see cref="Path"/> (relative to the scope), with edits: fields removed, replaced or added
/// (when it is an object), or a plan for each element (when it is an array). Without edits it is copied as it is.
/// </summary>
internal sealed class SourceNode(byte[][] path, string display) : PlanNode
{
    public byte[][] Path { get; } = path;

    /// <summary>The path as the configuration writes it, for error messages.</summary>
    public string Display { get; } = display;

    public List<FieldPlan> Edits { get; } = [];

    /// <summary>The plan for each element, when this value is an array being mapped.</summary>
    public SourceNode? Each { get; set; }

    /// <summary>Set when the value must be present (an unwrapped envelope): its absence fails the mapping.</summary>
    public bool Required { get; set; }

    public SourceNode Child(string name) =>
        new([.. Path, Encoding.UTF8.GetBytes(name)], Display.Length == 0 ? name : $"{Display}.{name}");

    public override bool Exists(JsonElement scope)
    {
        if (TryResolve(scope, out _))
        {
            return true;
        }
        foreach (var edit in Edits)
        {
            if (edit.Value?.Exists(scope) == true)
            {
                return true;
            }
        }
        return false;
    }

    public override void Write(Utf8JsonWriter writer, JsonElement scope, GatewayContext context)
    {
        if (!TryResolve(scope, out var value))
        {
            // Absent, but edits add fields to it: it becomes an object of those.
            writer.WriteStartObject();
            WriteRemainingEdits(writer, scope, context, []);
            writer.WriteEndObject();
            return;
        }
        if (Each is { } each)
        {
            if (value.ValueKind != JsonValueKind.Array)
            {
                throw new BodyMappingException($"{Describe()} is not an array");
            }
            writer.WriteStartArray();
            foreach (var element in value.EnumerateArray())
            {
                each.Write(writer, element, context);
            }
            writer.WriteEndArray();
            return;
        }
        if (Edits.Count == 0)
        {
            WriteUnchanged(writer, value);
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new BodyMappingException($"{Describe()} is not an object");
        }

        // Fields keep their order; a replaced field takes its original place, added ones come last.
        Span<bool> written = Edits.Count <= 64 ? stackalloc bool[Edits.Count] : new bool[Edits.Count];
        writer.WriteStartObject();
        foreach (var property in value.EnumerateObject())
        {
            var index = IndexOfEdit(property);
            if (index < 0)
            {
                WriteName(writer, property);
                WriteUnchanged(writer, property.Value);
                continue;
            }
            if (written[index])
            {
                continue;
            }
            written[index] = true;
            if (Edits[index].Value is null && IndexOfMovedFrom(property, written) is var moved and >= 0)
            {
                // A field renamed from this one takes its place.
                written[moved] = true;
                index = moved;
            }
            WriteField(writer, Edits[index], scope, context);
        }
        WriteRemainingEdits(writer, scope, context, written);
        writer.WriteEndObject();
    }

    private void WriteRemainingEdits(Utf8JsonWriter writer, JsonElement scope, GatewayContext context, ReadOnlySpan<bool> written)
    {
        for (var i = 0; i < Edits.Count; i++)
        {
            if (written.IsEmpty || !written[i])
            {
                WriteField(writer, Edits[i], scope, context);
            }
        }
    }

    /// <summary>Copies the value's JSON text as the input has it, byte for byte (no re-escaping, digits kept).</summary>
    private static void WriteUnchanged(Utf8JsonWriter writer, JsonElement value) =>
        writer.WriteRawValue(JsonMarshal.GetRawUtf8Value(value), skipInputValidation: true);

    private static void WriteName(Utf8JsonWriter writer, JsonProperty property)
    {
        var raw = JsonMarshal.GetRawUtf8PropertyName(property);
        // The writer escapes what it is given: an already escaped name must be unescaped first (rare, and allocates).
        if (raw.Contains((byte)'\\'))
        {
            writer.WritePropertyName(property.Name);
        }
        else
        {
            writer.WritePropertyName(raw);
        }
    }

    private static void WriteField(Utf8JsonWriter writer, FieldPlan field, JsonElement scope, GatewayContext context)
    {
        if (field.Value is { } value && value.Exists(scope))
        {
            writer.WritePropertyName(field.Utf8Name);
            value.Write(writer, scope, context);
        }
    }

    private int IndexOfEdit(JsonProperty property)
    {
        for (var i = 0; i < Edits.Count; i++)
        {
            if (property.NameEquals(Edits[i].Utf8Name))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The edit, not yet written, whose value is this object's field <paramref name="property"/>, moved.</summary>
    private int IndexOfMovedFrom(JsonProperty property, ReadOnlySpan<bool> written)
    {
        for (var i = 0; i < Edits.Count; i++)
        {
            if (!written[i] && Edits[i].Value is SourceNode moved && moved.IsChildOf(this) && property.NameEquals(moved.Path[^1]))
            {
                return i;
            }
        }
        return -1;
    }

    // Children share their parent's path segments (see Child), so comparing references is enough.
    private bool IsChildOf(SourceNode parent) =>
        Path.Length == parent.Path.Length + 1 && Path.AsSpan(0, parent.Path.Length).SequenceEqual(parent.Path);

    private bool TryResolve(JsonElement scope, out JsonElement value)
    {
        value = scope;
        foreach (var name in Path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                if (Required)
                {
                    throw new BodyMappingException($"{Describe()} is missing");
                }
                return false;
            }
        }
        return true;
    }

    private string Describe() => Display.Length == 0 ? "the body" : $"\"{Display}\"";
}

/// <summary>An object the mapping builds (an envelope, or the parents of a field moved to a new place).</summary>
internal sealed class ObjectNode : PlanNode
{
    public List<FieldPlan> Fields { get; } = [];

    public override bool Exists(JsonElement scope) => true;

    public override void Write(Utf8JsonWriter writer, JsonElement scope, GatewayContext context)
    {
        writer.WriteStartObject();
        foreach (var field in Fields)
        {
            if (field.Value!.Exists(scope))
            {
                writer.WritePropertyName(field.Utf8Name);
                field.Value.Write(writer, scope, context);
            }
        }
        writer.WriteEndObject();
    }
}

/// <summary>A constant from the configuration, already in JSON.</summary>
internal sealed class ConstantNode(byte[] json) : PlanNode
{
    public override bool Exists(JsonElement scope) => true;

    public override void Write(Utf8JsonWriter writer, JsonElement scope, GatewayContext context) =>
        writer.WriteRawValue(json, skipInputValidation: true);
}

/// <summary>A string evaluated per request from a template (<c>${auth.tenant}</c>, <c>${route.param.id}</c>, …).</summary>
internal sealed class TemplateNode(ValueTemplate template) : PlanNode
{
    public override bool Exists(JsonElement scope) => true;

    public override void Write(Utf8JsonWriter writer, JsonElement scope, GatewayContext context) =>
        writer.WriteStringValue(template.Evaluate(context));
}

/// <summary>A body that does not have the shape the mapping needs (a field it edits is not an object, …).</summary>
internal sealed class BodyMappingException(string message) : Exception(message);
