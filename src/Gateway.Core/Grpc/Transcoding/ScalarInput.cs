using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Gateway.Grpc.Transcoding;

/// <summary>
/// One scalar to encode: a JSON value, or text from a path parameter, a query parameter or a map key (ProtoJSON
/// writes map keys as strings). Reads it as each protobuf scalar type by the ProtoJSON rules: integers as numbers or
/// numeric strings, 64-bit ones usually as strings, floats also as "NaN"/"Infinity", enums by name or number.
/// </summary>
internal readonly struct ScalarInput
{
    private readonly JsonElement _element;
    private readonly string? _text;

    public ScalarInput(JsonElement element)
    {
        _element = element;
        _text = null;
    }

    public ScalarInput(string text)
    {
        _element = default;
        _text = text;
    }

    private bool IsText => _text is not null;

    private JsonValueKind Kind => IsText ? JsonValueKind.String : _element.ValueKind;

    public long ReadSigned(long min, long max, string type)
    {
        if (Kind == JsonValueKind.Number && _element.TryGetInt64(out var exact))
        {
            return InRange(exact, min, max, type);
        }
        if (Kind == JsonValueKind.String && long.TryParse(Text(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exact))
        {
            return InRange(exact, min, max, type);
        }
        var integral = ReadIntegral(type);
        if (integral < min || integral > max)
        {
            throw OutOfRange(type);
        }
        return (long)integral;
    }

    public ulong ReadUnsigned(ulong max, string type)
    {
        if (Kind == JsonValueKind.Number && _element.TryGetUInt64(out var exact))
        {
            return exact <= max ? exact : throw OutOfRange(type);
        }
        if (Kind == JsonValueKind.String && ulong.TryParse(Text(), NumberStyles.None, CultureInfo.InvariantCulture, out exact))
        {
            return exact <= max ? exact : throw OutOfRange(type);
        }
        var integral = ReadIntegral(type);
        if (integral < 0 || integral > max)
        {
            throw OutOfRange(type);
        }
        return (ulong)integral;
    }

    public double ReadDouble(bool single)
    {
        var type = single ? "float" : "double";
        double value;
        if (Kind == JsonValueKind.Number)
        {
            value = _element.GetDouble();
        }
        else if (Kind == JsonValueKind.String)
        {
            var text = Text();
            value = text switch
            {
                "NaN" => double.NaN,
                "Infinity" => double.PositiveInfinity,
                "-Infinity" => double.NegativeInfinity,
                _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && IsPlainNumber(text)
                    ? parsed
                    : throw Expected($"a {type} (a number, or a string holding one, \"NaN\", \"Infinity\" or \"-Infinity\")"),
            };
            if (double.IsFinite(value) || text is "NaN" or "Infinity" or "-Infinity")
            {
                return CheckSingle(value, single);
            }
            throw OutOfRange(type);
        }
        else
        {
            throw Expected($"a {type} (a number, or a string holding one, \"NaN\", \"Infinity\" or \"-Infinity\")");
        }
        if (!double.IsFinite(value))
        {
            throw OutOfRange(type);
        }
        return CheckSingle(value, single);
    }

    public bool ReadBool()
    {
        return Kind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            // Path and query parameters and map keys can only be text.
            JsonValueKind.String when IsText && _text == "true" => true,
            JsonValueKind.String when IsText && _text == "false" => false,
            _ => throw Expected("a bool (true or false)"),
        };
    }

    public string ReadString() => Kind == JsonValueKind.String ? Text() : throw Expected("a string");

    /// <summary>The raw UTF-8 of a JSON string when it has no escapes (no allocation); otherwise null.</summary>
    public bool TryGetUtf8(out ReadOnlySpan<byte> utf8)
    {
        utf8 = default;
        if (IsText || Kind != JsonValueKind.String)
        {
            return false;
        }
        var raw = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(_element);
        utf8 = raw[1..^1];
        return !utf8.Contains((byte)'\\');
    }

    public int ReadEnum(EnumDescriptor type)
    {
        if (Kind == JsonValueKind.Number)
        {
            return (int)ReadSigned(int.MinValue, int.MaxValue, "int32");
        }
        if (Kind == JsonValueKind.String)
        {
            var name = Text();
            var value = type.FindValueByName(name);
            if (value is not null)
            {
                return value.Number;
            }
            if (IsText && int.TryParse(name, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            {
                return number;
            }
            throw new TranscodingException(string.Empty,
                $"\"{Shorten(name)}\" is not a value of the enum {type.FullName} (its values: {string.Join(", ", type.Values.Select(v => v.Name))})");
        }
        throw Expected($"an enum {type.FullName} (a value's name, or its number)");
    }

    public bool IsNull => !IsText && _element.ValueKind == JsonValueKind.Null;

    public TranscodingException Expected(string what) =>
        new(string.Empty, $"expected {what}, got {Describe()}");

    private string Text() => _text ?? _element.GetString()!;

    private static bool IsPlainNumber(string text) =>
        text.Length > 0 && !char.IsWhiteSpace(text[0]) && !char.IsWhiteSpace(text[^1]);

    private decimal ReadIntegral(string type)
    {
        decimal value;
        var parsed = Kind switch
        {
            JsonValueKind.Number => _element.TryGetDecimal(out value),
            JsonValueKind.String => decimal.TryParse(Text(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value),
            _ => throw Expected($"an {type} (a number, or a string holding one)"),
        };
        if (!parsed)
        {
            throw Kind == JsonValueKind.Number ? OutOfRange(type) : Expected($"an {type} (a number, or a string holding one)");
        }
        if (decimal.Truncate(value) != value)
        {
            throw Expected($"an {type} (a whole number)");
        }
        return value;
    }

    private static long InRange(long value, long min, long max, string type) =>
        value >= min && value <= max ? value : throw OutOfRange(type);

    private double CheckSingle(double value, bool single) =>
        single && double.IsFinite(value) && !float.IsFinite((float)value) ? throw OutOfRange("float") : value;

    private static TranscodingException OutOfRange(string type) => new(string.Empty, $"the value is out of range for {type}");

    private string Describe()
    {
        if (IsText)
        {
            return $"\"{Shorten(_text!)}\"";
        }
        return _element.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => $"the string \"{Shorten(_element.GetString()!)}\"",
            JsonValueKind.Number => $"the number {Shorten(_element.GetRawText())}",
            JsonValueKind.True or JsonValueKind.False => _element.GetRawText(),
            _ => "null",
        };
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
