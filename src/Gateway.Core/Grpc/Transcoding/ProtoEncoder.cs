using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Gateway.Grpc.Transcoding;

/// <summary>
/// Writes a JSON value as the protobuf message a <see cref="MessageLayout"/> describes, by the ProtoJSON mapping.
/// Fields are written in field-number order whatever the JSON order, and proto3 fields without presence are left out
/// when they hold their default: exactly the bytes Google.Protobuf's generated code writes for the same message.
/// </summary>
internal static class ProtoEncoder
{
    /// <summary>One field's value: from the JSON body, or path/query text (several for a repeated field).</summary>
    internal readonly record struct FieldInput(FieldLayout Field, JsonElement Json, string? Text);

    public static void WriteMessage(WireWriter writer, MessageLayout layout, JsonElement value, ReadOnlySpan<FieldInput> bound = default)
    {
        if (layout.WellKnown != WellKnownType.None)
        {
            WellKnownEncoder.Write(writer, layout, value);
            return;
        }
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ScalarInput(value).Expected($"an object ({layout.Descriptor.FullName})");
        }
        var inputs = ArrayPool<FieldInput>.Shared.Rent(layout.Fields.Length + bound.Length + 4);
        try
        {
            var count = Collect(layout, value, bound, inputs);
            Sort(inputs.AsSpan(0, count));
            WriteFields(writer, inputs.AsSpan(0, count));
        }
        finally
        {
            ArrayPool<FieldInput>.Shared.Return(inputs, clearArray: true);
        }
    }

    /// <summary>The object's fields and the bound values, checked: no unknown field, none twice, one member per oneof.</summary>
    private static int Collect(MessageLayout layout, JsonElement value, ReadOnlySpan<FieldInput> bound, FieldInput[] inputs)
    {
        var count = 0;
        foreach (var input in bound)
        {
            inputs[count++] = input;
        }
        foreach (var property in value.EnumerateObject())
        {
            var raw = JsonMarshal.GetRawUtf8PropertyName(property);
            // The raw key is as sent; one with escapes is compared in its unescaped form.
            var field = raw.Contains((byte)'\\')
                ? layout.FindByName(Encoding.UTF8.GetBytes(property.Name))
                : layout.FindByName(raw);
            if (field is null)
            {
                throw new TranscodingException(property.Name, $"{layout.Descriptor.FullName} has no field \"{property.Name}\"");
            }
            for (var i = 0; i < count; i++)
            {
                var other = inputs[i].Field;
                if (other == field)
                {
                    throw new TranscodingException(property.Name, i < bound.Length ? "is given both in the URL and in the body" : "is given twice");
                }
                if (field.Oneof is not null && other.Oneof == field.Oneof && !IsNull(property.Value, field) && !IsNull(inputs[i].Json, other))
                {
                    throw new TranscodingException(property.Name, $"{other.JsonName} is already set, and both belong to the oneof {field.Oneof.Name}");
                }
            }
            if (count == inputs.Length)
            {
                throw new TranscodingException(property.Name, "is given twice");
            }
            inputs[count++] = new FieldInput(field, property.Value, null);
        }
        return count;
    }

    /// <summary>JSON null leaves a field unset, except a google.protobuf.Value, where it is the null value.</summary>
    private static bool IsNull(JsonElement json, FieldLayout field) =>
        json.ValueKind == JsonValueKind.Null && field.Message?.WellKnown != WellKnownType.Value;

    /// <summary>Stable insertion sort by field order: a handful of fields, usually already in order.</summary>
    private static void Sort(Span<FieldInput> inputs)
    {
        for (var i = 1; i < inputs.Length; i++)
        {
            var current = inputs[i];
            var j = i - 1;
            while (j >= 0 && inputs[j].Field.Order > current.Field.Order)
            {
                inputs[j + 1] = inputs[j];
                j--;
            }
            inputs[j + 1] = current;
        }
    }

    private static void WriteFields(WireWriter writer, ReadOnlySpan<FieldInput> inputs)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i];
            var field = input.Field;
            try
            {
                if (input.Text is not null)
                {
                    // Text bound to a repeated field: all of its values, packed together as generated code packs them.
                    var end = i + 1;
                    while (end < inputs.Length && inputs[end].Field == field)
                    {
                        end++;
                    }
                    WriteTexts(writer, field, inputs[i..end]);
                    i = end - 1;
                }
                else if (!IsNull(input.Json, field))
                {
                    WriteField(writer, field, input.Json);
                }
            }
            catch (TranscodingException exception)
            {
                throw exception.Within(field.JsonName);
            }
        }
    }

    private static void WriteTexts(WireWriter writer, FieldLayout field, ReadOnlySpan<FieldInput> texts)
    {
        if (!field.IsRepeated)
        {
            if (texts.Length > 1)
            {
                throw new TranscodingException(string.Empty, "is given more than once, but holds one value");
            }
            WriteSingular(writer, field, new ScalarInput(texts[0].Text!));
            return;
        }
        if (field.IsPacked)
        {
            writer.WriteTag(field.Number, WireType.LengthDelimited);
            var start = writer.BeginLengthDelimited();
            foreach (var text in texts)
            {
                WriteScalar(writer, field, new ScalarInput(text.Text!));
            }
            writer.EndLengthDelimited(start);
            return;
        }
        foreach (var text in texts)
        {
            writer.WriteTag(field.Number, field.WireType);
            WriteScalar(writer, field, new ScalarInput(text.Text!));
        }
    }

    private static void WriteField(WireWriter writer, FieldLayout field, JsonElement value)
    {
        if (field.IsMap)
        {
            WriteMap(writer, field, value);
        }
        else if (field.IsRepeated)
        {
            WriteRepeated(writer, field, value);
        }
        else if (field.Type == FieldType.Message)
        {
            WriteNested(writer, field.Number, field.Message!, value);
        }
        else
        {
            WriteSingular(writer, field, new ScalarInput(value));
        }
    }

    public static void WriteNested(WireWriter writer, int number, MessageLayout layout, JsonElement value)
    {
        writer.WriteTag(number, WireType.LengthDelimited);
        var start = writer.BeginLengthDelimited();
        WriteMessage(writer, layout, value);
        writer.EndLengthDelimited(start);
    }

    private static void WriteRepeated(WireWriter writer, FieldLayout field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            throw new ScalarInput(value).Expected("an array");
        }
        if (value.GetArrayLength() == 0)
        {
            return;
        }
        var packed = field.IsPacked;
        var start = 0;
        if (packed)
        {
            writer.WriteTag(field.Number, WireType.LengthDelimited);
            start = writer.BeginLengthDelimited();
        }
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            try
            {
                if (item.ValueKind == JsonValueKind.Null && field.Message?.WellKnown != WellKnownType.Value)
                {
                    throw new TranscodingException(string.Empty, "a repeated field holds no nulls");
                }
                if (field.Type == FieldType.Message)
                {
                    WriteNested(writer, field.Number, field.Message!, item);
                }
                else
                {
                    if (!packed)
                    {
                        writer.WriteTag(field.Number, field.WireType);
                    }
                    WriteScalar(writer, field, new ScalarInput(item));
                }
            }
            catch (TranscodingException exception)
            {
                throw exception.Within($"[{index}]");
            }
            index++;
        }
        if (packed)
        {
            writer.EndLengthDelimited(start);
        }
    }

    /// <summary>Each entry is a nested message: key (field 1) and value (field 2), defaults left out as generated code does.</summary>
    private static void WriteMap(WireWriter writer, FieldLayout field, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw new ScalarInput(value).Expected("an object (a map)");
        }
        var key = field.MapKey!;
        var mapValue = field.MapValue!;
        foreach (var entry in value.EnumerateObject())
        {
            try
            {
                writer.WriteTag(field.Number, WireType.LengthDelimited);
                var start = writer.BeginLengthDelimited();
                WriteSingular(writer, key, new ScalarInput(entry.Name));
                if (entry.Value.ValueKind == JsonValueKind.Null && mapValue.Message?.WellKnown != WellKnownType.Value)
                {
                    throw new TranscodingException(string.Empty, "a map holds no null values");
                }
                if (mapValue.Type == FieldType.Message)
                {
                    WriteNested(writer, 2, mapValue.Message!, entry.Value);
                }
                else
                {
                    WriteSingular(writer, mapValue, new ScalarInput(entry.Value));
                }
                writer.EndLengthDelimited(start);
            }
            catch (TranscodingException exception)
            {
                throw exception.Within(entry.Name);
            }
        }
    }

    /// <summary>A singular scalar: tag and value, or nothing when it is the default and the field has no presence.</summary>
    public static void WriteSingular(WireWriter writer, FieldLayout field, ScalarInput value)
    {
        var mark = writer.Length;
        writer.WriteTag(field.Number, field.WireType);
        if (WriteScalar(writer, field, value) && !field.HasPresence)
        {
            writer.Truncate(mark);
        }
    }

    /// <summary>Writes the value alone (no tag); returns whether it is the type's default.</summary>
    public static bool WriteScalar(WireWriter writer, FieldLayout field, ScalarInput value)
    {
        switch (field.Type)
        {
            case FieldType.Int32:
                var int32 = (int)value.ReadSigned(int.MinValue, int.MaxValue, "int32");
                writer.WriteInt32(int32);
                return int32 == 0;
            case FieldType.SInt32:
                var sint32 = (int)value.ReadSigned(int.MinValue, int.MaxValue, "sint32");
                writer.WriteSInt32(sint32);
                return sint32 == 0;
            case FieldType.SFixed32:
                var sfixed32 = (int)value.ReadSigned(int.MinValue, int.MaxValue, "sfixed32");
                writer.WriteFixed32((uint)sfixed32);
                return sfixed32 == 0;
            case FieldType.Int64:
                var int64 = value.ReadSigned(long.MinValue, long.MaxValue, "int64");
                writer.WriteVarint((ulong)int64);
                return int64 == 0;
            case FieldType.SInt64:
                var sint64 = value.ReadSigned(long.MinValue, long.MaxValue, "sint64");
                writer.WriteSInt64(sint64);
                return sint64 == 0;
            case FieldType.SFixed64:
                var sfixed64 = value.ReadSigned(long.MinValue, long.MaxValue, "sfixed64");
                writer.WriteFixed64((ulong)sfixed64);
                return sfixed64 == 0;
            case FieldType.UInt32:
                var uint32 = value.ReadUnsigned(uint.MaxValue, "uint32");
                writer.WriteVarint(uint32);
                return uint32 == 0;
            case FieldType.Fixed32:
                var fixed32 = value.ReadUnsigned(uint.MaxValue, "fixed32");
                writer.WriteFixed32((uint)fixed32);
                return fixed32 == 0;
            case FieldType.UInt64:
                var uint64 = value.ReadUnsigned(ulong.MaxValue, "uint64");
                writer.WriteVarint(uint64);
                return uint64 == 0;
            case FieldType.Fixed64:
                var fixed64 = value.ReadUnsigned(ulong.MaxValue, "fixed64");
                writer.WriteFixed64(fixed64);
                return fixed64 == 0;
            case FieldType.Bool:
                var flag = value.ReadBool();
                writer.WriteVarint(flag ? 1UL : 0UL);
                return !flag;
            case FieldType.Double:
                var number = value.ReadDouble(single: false);
                writer.WriteFixed64((ulong)BitConverter.DoubleToInt64Bits(number));
                return number == 0;
            case FieldType.Float:
                var single = (float)value.ReadDouble(single: true);
                writer.WriteFixed32(BitConverter.SingleToUInt32Bits(single));
                return single == 0;
            case FieldType.Enum:
                var enumValue = field.Enum!.FullName == WellKnownTypes.NullValueEnum && value.IsNull ? 0 : value.ReadEnum(field.Enum!);
                writer.WriteInt32(enumValue);
                return enumValue == 0;
            case FieldType.String:
                return WriteString(writer, value);
            case FieldType.Bytes:
                return WriteBase64(writer, value);
            default:
                throw new TranscodingException(string.Empty, $"fields of type {field.Type} are not supported");
        }
    }

    public static bool WriteString(WireWriter writer, ScalarInput value)
    {
        if (value.TryGetUtf8(out var utf8))
        {
            writer.WriteBytes(utf8);
            return utf8.IsEmpty;
        }
        var text = value.ReadString();
        var length = Encoding.UTF8.GetByteCount(text);
        writer.WriteVarint((uint)length);
        Encoding.UTF8.GetBytes(text, writer.Reserve(length));
        writer.Advance(length);
        return length == 0;
    }

    /// <summary>bytes are base64 in JSON: the standard or the URL-safe alphabet, padded or not.</summary>
    private static bool WriteBase64(WireWriter writer, ScalarInput value)
    {
        var text = value.ReadString();
        var normalized = text.Replace('-', '+').Replace('_', '/');
        var padding = (4 - normalized.Length % 4) % 4;
        if (padding is > 0 and < 3)
        {
            normalized += new string('=', padding);
        }
        var bytes = new byte[normalized.Length / 4 * 3 + 3];
        if (!Convert.TryFromBase64String(normalized, bytes, out var written))
        {
            throw value.Expected("bytes as a base64 string");
        }
        writer.WriteBytes(bytes.AsSpan(0, written));
        return written == 0;
    }
}
