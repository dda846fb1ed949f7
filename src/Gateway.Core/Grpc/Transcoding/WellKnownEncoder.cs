using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Gateway.Grpc.Transcoding;

/// <summary>
/// Writes the ProtoJSON forms of the well-known types as their messages: Timestamp and Duration strings, wrapped
/// scalars, Struct/Value/ListValue as free JSON, FieldMask as a comma-separated string.
/// </summary>
internal static class WellKnownEncoder
{
    public static void Write(WireWriter writer, MessageLayout layout, JsonElement value)
    {
        switch (layout.WellKnown)
        {
            case WellKnownType.Timestamp:
                var (seconds, nanos) = Rfc3339.ParseTimestamp(new ScalarInput(value));
                WriteSecondsAndNanos(writer, seconds, nanos);
                break;
            case WellKnownType.Duration:
                var (durationSeconds, durationNanos) = Rfc3339.ParseDuration(new ScalarInput(value));
                WriteSecondsAndNanos(writer, durationSeconds, durationNanos);
                break;
            case WellKnownType.Wrapper:
                // The wrapped field has no presence: a wrapped default is an empty message.
                ProtoEncoder.WriteSingular(writer, layout.Fields[0], new ScalarInput(value));
                break;
            case WellKnownType.Struct:
                WriteStruct(writer, layout, value);
                break;
            case WellKnownType.Value:
                WriteValue(writer, layout, value);
                break;
            case WellKnownType.ListValue:
                WriteList(writer, layout, value);
                break;
            case WellKnownType.FieldMask:
                WriteFieldMask(writer, value);
                break;
            default:
                throw new TranscodingException(string.Empty, $"{layout.Descriptor.FullName} is not supported (it needs a type registry)");
        }
    }

    private static void WriteSecondsAndNanos(WireWriter writer, long seconds, int nanos)
    {
        if (seconds != 0)
        {
            writer.WriteTag(1, WireType.Varint);
            writer.WriteVarint((ulong)seconds);
        }
        if (nanos != 0)
        {
            writer.WriteTag(2, WireType.Varint);
            writer.WriteInt32(nanos);
        }
    }

    /// <summary>Struct is <c>map&lt;string, Value&gt; fields = 1</c>.</summary>
    private static void WriteStruct(WireWriter writer, MessageLayout layout, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ScalarInput(value).Expected("an object (google.protobuf.Struct)");
        }
        var valueLayout = layout.Fields[0].MapValue!.Message!;
        foreach (var property in value.EnumerateObject())
        {
            try
            {
                writer.WriteTag(1, WireType.LengthDelimited);
                var start = writer.BeginLengthDelimited();
                if (property.Name.Length > 0)
                {
                    writer.WriteTag(1, WireType.LengthDelimited);
                    ProtoEncoder.WriteString(writer, new ScalarInput(property.Name));
                }
                ProtoEncoder.WriteNested(writer, 2, valueLayout, property.Value);
                writer.EndLengthDelimited(start);
            }
            catch (TranscodingException exception)
            {
                throw exception.Within(property.Name);
            }
        }
    }

    /// <summary>Value is a oneof: null_value 1, number_value 2, string_value 3, bool_value 4, struct_value 5, list_value 6.</summary>
    private static void WriteValue(WireWriter writer, MessageLayout layout, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Null:
                writer.WriteTag(1, WireType.Varint);
                writer.WriteVarint(0);
                break;
            case JsonValueKind.Number:
                writer.WriteTag(2, WireType.Fixed64);
                writer.WriteFixed64((ulong)BitConverter.DoubleToInt64Bits(new ScalarInput(value).ReadDouble(single: false)));
                break;
            case JsonValueKind.String:
                writer.WriteTag(3, WireType.LengthDelimited);
                ProtoEncoder.WriteString(writer, new ScalarInput(value));
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteTag(4, WireType.Varint);
                writer.WriteVarint(value.ValueKind == JsonValueKind.True ? 1UL : 0UL);
                break;
            case JsonValueKind.Object:
                ProtoEncoder.WriteNested(writer, 5, layout.FindByNumber(5)!.Message!, value);
                break;
            default:
                ProtoEncoder.WriteNested(writer, 6, layout.FindByNumber(6)!.Message!, value);
                break;
        }
    }

    /// <summary>ListValue is <c>repeated Value values = 1</c>.</summary>
    private static void WriteList(WireWriter writer, MessageLayout layout, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ScalarInput(value).Expected("an array (google.protobuf.ListValue)");
        }
        var valueLayout = layout.Fields[0].Message!;
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            try
            {
                ProtoEncoder.WriteNested(writer, 1, valueLayout, item);
            }
            catch (TranscodingException exception)
            {
                throw exception.Within($"[{index}]");
            }
            index++;
        }
    }

    /// <summary>"user.displayName,photo" → paths user.display_name and photo.</summary>
    private static void WriteFieldMask(WireWriter writer, JsonElement value)
    {
        var text = new ScalarInput(value).ReadString();
        if (text.Length == 0)
        {
            return;
        }
        foreach (var path in text.Split(','))
        {
            var snake = new StringBuilder(path.Length + 4);
            foreach (var c in path)
            {
                if (c == '_')
                {
                    throw new TranscodingException(string.Empty, $"the field mask path \"{path}\" is not lowerCamelCase");
                }
                if (char.IsAsciiLetterUpper(c))
                {
                    snake.Append('_').Append(char.ToLowerInvariant(c));
                }
                else
                {
                    snake.Append(c);
                }
            }
            writer.WriteTag(1, WireType.LengthDelimited);
            ProtoEncoder.WriteString(writer, new ScalarInput(snake.ToString()));
        }
    }
}
