using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gateway.Policies.Edge.Schema;

/// <summary>The JSON types a schema's <c>type</c> keyword names.</summary>
[Flags]
internal enum JsonTypes
{
    Any = 0,
    Object = 1,
    Array = 2,
    String = 4,
    Number = 8,
    Integer = 16,
    Boolean = 32,
    Null = 64,
}

/// <summary>A property a schema describes, with its name in UTF-8 for allocation-free lookups.</summary>
internal sealed record SchemaProperty(string Name, byte[] Utf8Name, JsonSchema Schema);

/// <summary>A property a schema requires.</summary>
internal sealed record RequiredProperty(string Name, byte[] Utf8Name);

/// <summary>
/// One compiled (sub)schema: the subset of JSON Schema (draft 2020-12 semantics) that <see cref="JsonSchemaReader"/>
/// accepts. Keywords apply to the values of their kind only, as the specification says: <c>minLength</c> ignores a
/// number, and only <c>type</c> says what a value must be.
/// </summary>
internal sealed class JsonSchema
{
    public JsonTypes Types { get; init; }
    public JsonElement[]? Enum { get; init; }
    public JsonElement? Const { get; init; }

    /// <summary><see cref="Enum"/> and <see cref="Const"/> in <see cref="CanonicalJson"/> form, compared by hash.</summary>
    public IReadOnlySet<string>? EnumForms { get; init; }
    public string? ConstForm { get; init; }
    public SchemaProperty[] Properties { get; init; } = [];
    public RequiredProperty[] Required { get; init; } = [];

    /// <summary>False forbids properties the schema does not list; a schema checks them instead.</summary>
    public bool AdditionalPropertiesAllowed { get; init; } = true;
    public JsonSchema? AdditionalProperties { get; init; }
    public int? MinProperties { get; init; }
    public int? MaxProperties { get; init; }
    public JsonSchema? Items { get; init; }
    public int? MinItems { get; init; }
    public int? MaxItems { get; init; }
    public bool UniqueItems { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public Regex? Pattern { get; init; }
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public double? ExclusiveMinimum { get; init; }
    public double? ExclusiveMaximum { get; init; }

    public void Validate(JsonElement value, SchemaErrors errors)
    {
        if (errors.Full)
        {
            return;
        }
        if (Types != JsonTypes.Any && (Types & TypeOf(value)) == 0)
        {
            errors.Add($"must be {Describe(Types)}");
            return;
        }
        if (ConstForm is not null || EnumForms is not null)
        {
            // One canonical form of the value, then hash lookups: never a comparison per enum member.
            var form = CanonicalJson.Of(value);
            if (Const is { } constant && form != ConstForm)
            {
                errors.Add($"must be {constant.GetRawText()}");
            }
            if (Enum is { } allowed && !EnumForms!.Contains(form))
            {
                errors.Add($"must be one of {string.Join(", ", allowed.Select(a => a.GetRawText()))}");
            }
        }
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                ValidateObject(value, errors);
                break;
            case JsonValueKind.Array:
                ValidateArray(value, errors);
                break;
            case JsonValueKind.String:
                ValidateString(value.GetString()!, errors);
                break;
            case JsonValueKind.Number:
                ValidateNumber(value.GetDouble(), errors);
                break;
        }
    }

    private void ValidateObject(JsonElement value, SchemaErrors errors)
    {
        foreach (var required in Required)
        {
            if (!value.TryGetProperty(required.Utf8Name, out _))
            {
                errors.Push(required.Name);
                errors.Add("is required");
                errors.Pop();
            }
        }
        var count = 0;
        foreach (var property in value.EnumerateObject())
        {
            count++;
            var schema = Find(property);
            if (schema is null && AdditionalPropertiesAllowed && AdditionalProperties is null)
            {
                continue;
            }
            errors.Push(property.Name);
            if (schema is null && !AdditionalPropertiesAllowed)
            {
                errors.Add("is not allowed");
            }
            else
            {
                (schema ?? AdditionalProperties)!.Validate(property.Value, errors);
            }
            errors.Pop();
        }
        if (count < MinProperties)
        {
            errors.Add($"must have at least {MinProperties} properties");
        }
        if (count > MaxProperties)
        {
            errors.Add($"must have at most {MaxProperties} properties");
        }
    }

    private JsonSchema? Find(JsonProperty property)
    {
        foreach (var candidate in Properties)
        {
            if (property.NameEquals(candidate.Utf8Name))
            {
                return candidate.Schema;
            }
        }
        return null;
    }

    private void ValidateArray(JsonElement value, SchemaErrors errors)
    {
        var length = value.GetArrayLength();
        if (length < MinItems)
        {
            errors.Add($"must have at least {MinItems} items");
        }
        var tooMany = length > MaxItems;
        if (tooMany)
        {
            errors.Add($"must have at most {MaxItems} items");
        }
        if (Items is not null)
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                errors.Push(index++);
                Items.Validate(item, errors);
                errors.Pop();
            }
        }
        // An array already refused for its length is not examined further.
        if (UniqueItems && !tooMany && !errors.Full && HasDuplicate(value, length))
        {
            errors.Add("must not repeat items");
        }
    }

    /// <summary>O(n log n) in the array's bytes: each item's canonical form into a hash set, not every pair compared.</summary>
    private static bool HasDuplicate(JsonElement array, int length)
    {
        var seen = new HashSet<string>(length, StringComparer.Ordinal);
        foreach (var item in array.EnumerateArray())
        {
            if (!seen.Add(CanonicalJson.Of(item)))
            {
                return true;
            }
        }
        return false;
    }

    private void ValidateString(string value, SchemaErrors errors)
    {
        if (MinLength is not null || MaxLength is not null)
        {
            // Lengths count characters (code points), not UTF-16 units: "😀" is one.
            var length = value.EnumerateRunes().Count();
            if (length < MinLength)
            {
                errors.Add($"must be at least {MinLength} characters long");
            }
            if (length > MaxLength)
            {
                errors.Add($"must be at most {MaxLength} characters long");
            }
        }
        // Linear in the string: the pattern was compiled without backtracking (see JsonSchemaReader).
        if (Pattern is not null && !Pattern.IsMatch(value))
        {
            errors.Add($"must match the pattern {Pattern}");
        }
    }

    private void ValidateNumber(double value, SchemaErrors errors)
    {
        if (value < Minimum)
        {
            errors.Add($"must be at least {Minimum}");
        }
        if (value > Maximum)
        {
            errors.Add($"must be at most {Maximum}");
        }
        if (value <= ExclusiveMinimum)
        {
            errors.Add($"must be greater than {ExclusiveMinimum}");
        }
        if (value >= ExclusiveMaximum)
        {
            errors.Add($"must be less than {ExclusiveMaximum}");
        }
    }

    private static JsonTypes TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => JsonTypes.Object,
        JsonValueKind.Array => JsonTypes.Array,
        JsonValueKind.String => JsonTypes.String,
        // 1.0 is an integer too: the specification looks at the value, not at how it is written.
        JsonValueKind.Number => value.GetDouble() is var number && number == Math.Floor(number) && double.IsFinite(number)
            ? JsonTypes.Number | JsonTypes.Integer
            : JsonTypes.Number,
        JsonValueKind.True or JsonValueKind.False => JsonTypes.Boolean,
        _ => JsonTypes.Null,
    };

    private static string Describe(JsonTypes types) =>
        "of type " + string.Join(" or ", TypeNames.Where(t => (types & t.Type) != 0).Select(t => t.Name));

    /// <summary>The names the <c>type</c> keyword takes.</summary>
    public static readonly (JsonTypes Type, string Name)[] TypeNames =
    [
        (JsonTypes.Object, "object"), (JsonTypes.Array, "array"), (JsonTypes.String, "string"), (JsonTypes.Number, "number"),
        (JsonTypes.Integer, "integer"), (JsonTypes.Boolean, "boolean"), (JsonTypes.Null, "null"),
    ];
}
