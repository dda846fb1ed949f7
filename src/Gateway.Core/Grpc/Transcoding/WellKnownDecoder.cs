using System.Text;
using System.Text.Json;

namespace Gateway.Grpc.Transcoding;

/// <summary>Writes the well-known types' messages in their ProtoJSON forms (see <see cref="WellKnownEncoder"/>).</summary>
internal static class WellKnownDecoder
{
    public static void Write(Utf8JsonWriter json, MessageLayout layout, ReadOnlySpan<byte> data)
    {
        switch (layout.WellKnown)
        {
            case WellKnownType.Timestamp:
            case WellKnownType.Duration:
                var (seconds, nanos) = ReadSecondsAndNanos(data);
                Span<char> text = stackalloc char[40];
                var written = layout.WellKnown == WellKnownType.Timestamp
                    ? Rfc3339.FormatTimestamp(seconds, nanos, text)
                    : Rfc3339.FormatDuration(seconds, nanos, text);
                json.WriteStringValue(text[..written]);
                break;
            case WellKnownType.Wrapper:
                WriteWrapped(json, layout.Fields[0], data);
                break;
            case WellKnownType.Struct:
                WriteStruct(json, layout, data);
                break;
            case WellKnownType.Value:
                WriteValue(json, layout, data);
                break;
            case WellKnownType.ListValue:
                WriteList(json, layout, data);
                break;
            case WellKnownType.FieldMask:
                WriteFieldMask(json, data);
                break;
            default:
                throw new WireFormatException($"{layout.Descriptor.FullName} is not supported (it needs a type registry)");
        }
    }

    private static (long Seconds, int Nanos) ReadSecondsAndNanos(ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data);
        long seconds = 0;
        var nanos = 0;
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            if (number == 1 && type == WireType.Varint)
            {
                seconds = (long)reader.ReadVarint();
            }
            else if (number == 2 && type == WireType.Varint)
            {
                nanos = (int)reader.ReadVarint();
            }
            else
            {
                reader.Skip(type);
            }
        }
        return (seconds, nanos);
    }

    /// <summary>The wrapped value, printed even when it is the default (that is what the wrapper is for).</summary>
    private static void WriteWrapped(Utf8JsonWriter json, FieldLayout field, ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data);
        var last = -1;
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            var start = reader.Position;
            reader.Skip(type);
            if (number == 1)
            {
                last = start;
            }
        }
        if (last < 0)
        {
            Span<byte> zeros = stackalloc byte[8];
            zeros.Clear();
            var empty = new WireReader(zeros);
            ProtoDecoder.WriteScalar(json, field, ref empty);
            return;
        }
        var value = new WireReader(data[last..]);
        ProtoDecoder.WriteScalar(json, field, ref value);
    }

    /// <summary>Struct's entries (field 1, map&lt;string, Value&gt;) as one object.</summary>
    private static void WriteStruct(Utf8JsonWriter json, MessageLayout layout, ReadOnlySpan<byte> data)
    {
        var entries = layout.Fields[0];
        json.WriteStartObject();
        var reader = new WireReader(data);
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            if (number == 1 && type == WireType.LengthDelimited)
            {
                ProtoDecoder.WriteMapEntry(json, entries, reader.ReadLengthDelimited());
            }
            else
            {
                reader.Skip(type);
            }
        }
        json.WriteEndObject();
    }

    /// <summary>Value's oneof kind; the last member on the wire wins. A Value with no kind has no JSON form.</summary>
    private static void WriteValue(Utf8JsonWriter json, MessageLayout layout, ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data);
        int kind = 0, start = 0;
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            var position = reader.Position;
            reader.Skip(type);
            if (number is >= 1 and <= 6)
            {
                kind = number;
                start = position;
            }
        }
        var value = new WireReader(data[start..]);
        switch (kind)
        {
            case 1:
                json.WriteNullValue();
                break;
            case 2:
                var number = BitConverter.Int64BitsToDouble((long)value.ReadFixed64());
                if (!double.IsFinite(number))
                {
                    throw new WireFormatException("a google.protobuf.Value holds NaN or infinity, which JSON cannot show");
                }
                ProtoDecoder.WriteDouble(json, number);
                break;
            case 3:
                ProtoDecoder.WriteUtf8String(json, value.ReadLengthDelimited());
                break;
            case 4:
                json.WriteBooleanValue(value.ReadVarint() != 0);
                break;
            case 5 or 6:
                ProtoDecoder.WriteMessage(json, layout.FindByNumber(kind)!.Message!, value.ReadLengthDelimited());
                break;
            default:
                throw new WireFormatException("a google.protobuf.Value has no kind set");
        }
    }

    private static void WriteList(Utf8JsonWriter json, MessageLayout layout, ReadOnlySpan<byte> data)
    {
        var valueLayout = layout.Fields[0].Message!;
        json.WriteStartArray();
        var reader = new WireReader(data);
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            if (number == 1 && type == WireType.LengthDelimited)
            {
                WriteValue(json, valueLayout, reader.ReadLengthDelimited());
            }
            else
            {
                reader.Skip(type);
            }
        }
        json.WriteEndArray();
    }

    /// <summary>Paths joined by commas, each in lowerCamelCase.</summary>
    private static void WriteFieldMask(Utf8JsonWriter json, ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder();
        var reader = new WireReader(data);
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            if (number != 1 || type != WireType.LengthDelimited)
            {
                reader.Skip(type);
                continue;
            }
            if (text.Length > 0)
            {
                text.Append(',');
            }
            var upper = false;
            foreach (var c in Encoding.UTF8.GetString(reader.ReadLengthDelimited()))
            {
                if (c == '_')
                {
                    upper = true;
                    continue;
                }
                text.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
        }
        json.WriteStringValue(text.ToString());
    }
}
