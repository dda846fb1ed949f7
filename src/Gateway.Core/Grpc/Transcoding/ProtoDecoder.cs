using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Gateway.Grpc.Transcoding;

/// <summary>
/// Writes a protobuf message as ProtoJSON: fields in field-number order under their JSON names, proto3 fields without
/// presence left out at their default, 64-bit integers as strings, enums by name, bytes as base64. Fields may come in
/// any order on the wire and repeated ones interleaved, so each message is scanned once to locate its fields first.
/// Unknown fields are skipped, as Google.Protobuf's JSON formatter skips them.
/// </summary>
internal static class ProtoDecoder
{
    /// <summary>Where one field's value starts in the message, and how it is encoded there.</summary>
    private readonly record struct Occurrence(FieldLayout Field, int Start, WireType Type);

    /// <summary>As deep as the JSON side accepts: a reply nested deeper is refused, not recursed into until the stack ends.</summary>
    private const int MaxDepth = 64;

    public static void WriteMessage(Utf8JsonWriter json, MessageLayout layout, ReadOnlySpan<byte> data)
    {
        if (json.CurrentDepth >= MaxDepth)
        {
            throw new WireFormatException($"the message is nested more than {MaxDepth} levels deep");
        }
        if (layout.WellKnown != WellKnownType.None)
        {
            WellKnownDecoder.Write(json, layout, data);
            return;
        }
        var occurrences = ArrayPool<Occurrence>.Shared.Rent(16);
        try
        {
            var count = Locate(layout, data, ref occurrences);
            Sort(occurrences.AsSpan(0, count));
            json.WriteStartObject();
            WriteFields(json, data, occurrences.AsSpan(0, count));
            json.WriteEndObject();
        }
        finally
        {
            ArrayPool<Occurrence>.Shared.Return(occurrences);
        }
    }

    private static int Locate(MessageLayout layout, ReadOnlySpan<byte> data, ref Occurrence[] occurrences)
    {
        var reader = new WireReader(data);
        var count = 0;
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            var start = reader.Position;
            reader.Skip(type);
            if (layout.FindByNumber(number) is not { } field)
            {
                continue;
            }
            if (count == occurrences.Length)
            {
                var larger = ArrayPool<Occurrence>.Shared.Rent(count * 2);
                occurrences.AsSpan(0, count).CopyTo(larger);
                ArrayPool<Occurrence>.Shared.Return(occurrences);
                occurrences = larger;
            }
            occurrences[count++] = new Occurrence(field, start, type);
        }
        return count;
    }

    private static void Sort(Span<Occurrence> occurrences)
    {
        for (var i = 1; i < occurrences.Length; i++)
        {
            var current = occurrences[i];
            var j = i - 1;
            while (j >= 0 && occurrences[j].Field.Order > current.Field.Order)
            {
                occurrences[j + 1] = occurrences[j];
                j--;
            }
            occurrences[j + 1] = current;
        }
    }

    private static void WriteFields(Utf8JsonWriter json, ReadOnlySpan<byte> data, ReadOnlySpan<Occurrence> occurrences)
    {
        var i = 0;
        while (i < occurrences.Length)
        {
            var field = occurrences[i].Field;
            var end = i + 1;
            while (end < occurrences.Length && occurrences[end].Field == field)
            {
                end++;
            }
            var group = occurrences[i..end];
            if (field.IsMap)
            {
                json.WritePropertyName(field.EncodedName);
                WriteMap(json, field, data, group);
            }
            else if (field.IsRepeated)
            {
                json.WritePropertyName(field.EncodedName);
                WriteRepeated(json, field, data, group);
            }
            else
            {
                // A singular field seen twice: the last one counts, as in every protobuf parser.
                WriteSingular(json, field, data, group[^1]);
            }
            i = end;
        }
    }

    private static void WriteSingular(Utf8JsonWriter json, FieldLayout field, ReadOnlySpan<byte> data, Occurrence occurrence)
    {
        var reader = new WireReader(data[occurrence.Start..]);
        if (field.Type == FieldType.Message)
        {
            Expect(occurrence.Type, WireType.LengthDelimited, field);
            json.WritePropertyName(field.EncodedName);
            WriteMessage(json, field.Message!, reader.ReadLengthDelimited());
            return;
        }
        Expect(occurrence.Type, field.WireType, field);
        if (!field.HasPresence && IsDefault(field, reader))
        {
            return;
        }
        json.WritePropertyName(field.EncodedName);
        WriteScalar(json, field, ref reader);
    }

    private static void WriteRepeated(Utf8JsonWriter json, FieldLayout field, ReadOnlySpan<byte> data, ReadOnlySpan<Occurrence> group)
    {
        json.WriteStartArray();
        foreach (var occurrence in group)
        {
            var reader = new WireReader(data[occurrence.Start..]);
            if (field.Type == FieldType.Message)
            {
                Expect(occurrence.Type, WireType.LengthDelimited, field);
                WriteMessage(json, field.Message!, reader.ReadLengthDelimited());
            }
            else if (occurrence.Type == WireType.LengthDelimited && field.IsPackable)
            {
                var packed = new WireReader(reader.ReadLengthDelimited());
                while (!packed.End)
                {
                    WriteScalar(json, field, ref packed);
                }
            }
            else
            {
                Expect(occurrence.Type, field.WireType, field);
                WriteScalar(json, field, ref reader);
            }
        }
        json.WriteEndArray();
    }

    private static void WriteMap(Utf8JsonWriter json, FieldLayout field, ReadOnlySpan<byte> data, ReadOnlySpan<Occurrence> group)
    {
        json.WriteStartObject();
        foreach (var occurrence in group)
        {
            Expect(occurrence.Type, WireType.LengthDelimited, field);
            var entry = new WireReader(data[occurrence.Start..]).ReadLengthDelimited();
            WriteMapEntry(json, field, entry);
        }
        json.WriteEndObject();
    }

    /// <summary>An entry's key (field 1) and value (field 2); either may be missing and then holds its default.</summary>
    public static void WriteMapEntry(Utf8JsonWriter json, FieldLayout field, ReadOnlySpan<byte> entry)
    {
        var keyField = field.MapKey!;
        var valueField = field.MapValue!;
        var reader = new WireReader(entry);
        int keyStart = -1, valueStart = -1;
        while (!reader.End)
        {
            var (number, type) = reader.ReadTag();
            var start = reader.Position;
            reader.Skip(type);
            if (number == 1)
            {
                Expect(type, keyField.WireType, keyField);
                keyStart = start;
            }
            else if (number == 2)
            {
                Expect(type, valueField.WireType, valueField);
                valueStart = start;
            }
        }
        WriteMapKey(json, keyField, keyStart < 0 ? default : entry[keyStart..]);
        if (valueStart < 0)
        {
            WriteDefault(json, valueField);
            return;
        }
        var value = new WireReader(entry[valueStart..]);
        if (valueField.Type == FieldType.Message)
        {
            WriteMessage(json, valueField.Message!, value.ReadLengthDelimited());
        }
        else
        {
            WriteScalar(json, valueField, ref value);
        }
    }

    /// <summary>Map keys are JSON property names: strings as they are, integers and bools as their text.</summary>
    private static void WriteMapKey(Utf8JsonWriter json, FieldLayout key, ReadOnlySpan<byte> data)
    {
        var reader = new WireReader(data);
        if (key.Type == FieldType.String)
        {
            json.WritePropertyName(data.IsEmpty ? default : reader.ReadLengthDelimited());
            return;
        }
        if (key.Type == FieldType.Bool)
        {
            json.WritePropertyName(!data.IsEmpty && reader.ReadVarint() != 0 ? "true"u8 : "false"u8);
            return;
        }
        Span<byte> text = stackalloc byte[24];
        int written;
        if (data.IsEmpty)
        {
            text[0] = (byte)'0';
            written = 1;
        }
        else if (IsUnsigned(key.Type))
        {
            ReadUnsigned(key, ref reader).TryFormat(text, out written, default, CultureInfo.InvariantCulture);
        }
        else
        {
            ReadSigned(key, ref reader).TryFormat(text, out written, default, CultureInfo.InvariantCulture);
        }
        json.WritePropertyName(text[..written]);
    }

    private static void WriteDefault(Utf8JsonWriter json, FieldLayout field)
    {
        if (field.Type == FieldType.Message)
        {
            WriteMessage(json, field.Message!, default);
            return;
        }
        Span<byte> zeros = stackalloc byte[8];
        zeros.Clear();
        // A default scalar is zero in every encoding; strings and bytes are length zero.
        var reader = new WireReader(zeros);
        WriteScalar(json, field, ref reader);
    }

    /// <summary>Whether the scalar at the reader is its type's default (zero, false, empty), without consuming it.</summary>
    private static bool IsDefault(FieldLayout field, WireReader reader) => field.WireType switch
    {
        WireType.Varint => reader.ReadVarint() == 0,
        WireType.Fixed32 => field.Type == FieldType.Float ? BitConverter.UInt32BitsToSingle(reader.ReadFixed32()) == 0 : reader.ReadFixed32() == 0,
        WireType.Fixed64 => field.Type == FieldType.Double ? BitConverter.Int64BitsToDouble((long)reader.ReadFixed64()) == 0 : reader.ReadFixed64() == 0,
        _ => reader.ReadLengthDelimited().IsEmpty,
    };

    public static void WriteScalar(Utf8JsonWriter json, FieldLayout field, ref WireReader reader)
    {
        switch (field.Type)
        {
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32:
                json.WriteNumberValue((int)ReadSigned(field, ref reader));
                break;
            case FieldType.UInt32 or FieldType.Fixed32:
                json.WriteNumberValue((uint)ReadUnsigned(field, ref reader));
                break;
            case FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64:
                WriteQuoted(json, ReadSigned(field, ref reader));
                break;
            case FieldType.UInt64 or FieldType.Fixed64:
                WriteQuoted(json, ReadUnsigned(field, ref reader));
                break;
            case FieldType.Bool:
                json.WriteBooleanValue(reader.ReadVarint() != 0);
                break;
            case FieldType.Double:
                WriteDouble(json, BitConverter.Int64BitsToDouble((long)reader.ReadFixed64()));
                break;
            case FieldType.Float:
                WriteFloat(json, BitConverter.UInt32BitsToSingle(reader.ReadFixed32()));
                break;
            case FieldType.Enum:
                WriteEnum(json, field.Enum!, (int)reader.ReadVarint());
                break;
            case FieldType.String:
                WriteUtf8String(json, reader.ReadLengthDelimited());
                break;
            case FieldType.Bytes:
                json.WriteBase64StringValue(reader.ReadLengthDelimited());
                break;
            default:
                throw new WireFormatException($"fields of type {field.Type} are not supported");
        }
    }

    public static void WriteUtf8String(Utf8JsonWriter json, ReadOnlySpan<byte> utf8)
    {
        try
        {
            json.WriteStringValue(utf8);
        }
        catch (ArgumentException)
        {
            throw new WireFormatException("a string field holds invalid UTF-8");
        }
    }

    private static void WriteEnum(Utf8JsonWriter json, EnumDescriptor type, int number)
    {
        if (type.FullName == WellKnownTypes.NullValueEnum)
        {
            json.WriteNullValue();
            return;
        }
        // A number this side does not know (a newer server) stays a number, as ProtoJSON says.
        if (type.FindValueByNumber(number) is { } value)
        {
            json.WriteStringValue(value.Name);
        }
        else
        {
            json.WriteNumberValue(number);
        }
    }

    public static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value))
        {
            WriteShortest(json, value);
        }
        else
        {
            json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteFloat(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value))
        {
            WriteShortest(json, value);
        }
        else
        {
            json.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>
    /// The shortest text that reads back as the same value, with a lower-case exponent ("1e+20"): how
    /// Google.Protobuf's formatter and the other ProtoJSON writers print floating point (Utf8JsonWriter writes "1E+20").
    /// </summary>
    private static void WriteShortest<T>(Utf8JsonWriter json, T value)
        where T : IUtf8SpanFormattable
    {
        Span<byte> text = stackalloc byte[32];
        value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
        var exponent = text[..written].IndexOf((byte)'E');
        if (exponent >= 0)
        {
            text[exponent] = (byte)'e';
        }
        json.WriteRawValue(text[..written], skipInputValidation: true);
    }

    private static void WriteQuoted<T>(Utf8JsonWriter json, T value)
        where T : IUtf8SpanFormattable
    {
        Span<byte> text = stackalloc byte[24];
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        json.WriteStringValue(text[..written]);
    }

    private static bool IsUnsigned(FieldType type) => type is FieldType.UInt32 or FieldType.Fixed32 or FieldType.UInt64 or FieldType.Fixed64;

    public static long ReadSigned(FieldLayout field, ref WireReader reader) => field.Type switch
    {
        FieldType.Int32 => (int)reader.ReadVarint(),
        FieldType.SInt32 => ZigZag32((uint)reader.ReadVarint()),
        FieldType.SFixed32 => (int)reader.ReadFixed32(),
        FieldType.Int64 => (long)reader.ReadVarint(),
        FieldType.SInt64 => ZigZag64(reader.ReadVarint()),
        _ => (long)reader.ReadFixed64(),
    };

    public static ulong ReadUnsigned(FieldLayout field, ref WireReader reader) => field.Type switch
    {
        FieldType.UInt32 => (uint)reader.ReadVarint(),
        FieldType.Fixed32 => reader.ReadFixed32(),
        FieldType.UInt64 => reader.ReadVarint(),
        _ => reader.ReadFixed64(),
    };

    private static int ZigZag32(uint value) => (int)(value >> 1) ^ -(int)(value & 1);

    private static long ZigZag64(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static void Expect(WireType actual, WireType expected, FieldLayout field)
    {
        if (actual != expected)
        {
            throw new WireFormatException($"field {field.Descriptor.FullName} has wire type {(int)actual}, expected {(int)expected}");
        }
    }
}
