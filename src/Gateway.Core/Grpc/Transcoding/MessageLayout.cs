using System.Text;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Gateway.Grpc.Transcoding;

/// <summary>
/// What the transcoder needs of one message type, computed once: its fields in field-number order (the order both
/// Google.Protobuf's serializer and its JSON formatter use), their JSON names as UTF-8 and pre-escaped, and which
/// well-known type it is.
/// </summary>
internal sealed class MessageLayout
{
    private readonly Dictionary<int, FieldLayout> _byNumber;

    private MessageLayout(MessageDescriptor descriptor)
    {
        Descriptor = descriptor;
        WellKnown = WellKnownTypes.Classify(descriptor.FullName);
        _byNumber = [];
        Fields = [];
    }

    public MessageDescriptor Descriptor { get; }

    public WellKnownType WellKnown { get; }

    /// <summary>Fields in field-number order; <see cref="FieldLayout.Order"/> is the index here.</summary>
    public FieldLayout[] Fields { get; private set; }

    public FieldLayout? FindByNumber(int number) => _byNumber.GetValueOrDefault(number);

    /// <summary>A field by its JSON name or its proto name (ProtoJSON parsers accept both), from the raw UTF-8 key.</summary>
    public FieldLayout? FindByName(ReadOnlySpan<byte> utf8Name)
    {
        foreach (var field in Fields)
        {
            if (utf8Name.SequenceEqual(field.JsonNameUtf8) || utf8Name.SequenceEqual(field.ProtoNameUtf8))
            {
                return field;
            }
        }
        return null;
    }

    /// <summary>Layouts for a message and every message it reaches (recursive types included), built once.</summary>
    public static MessageLayout Build(MessageDescriptor root)
    {
        var built = new Dictionary<string, MessageLayout>(StringComparer.Ordinal);
        return Get(root, built);
    }

    private static MessageLayout Get(MessageDescriptor descriptor, Dictionary<string, MessageLayout> built)
    {
        if (built.TryGetValue(descriptor.FullName, out var existing))
        {
            return existing;
        }
        var layout = new MessageLayout(descriptor);
        built[descriptor.FullName] = layout;
        var fields = descriptor.Fields.InFieldNumberOrder();
        layout.Fields = new FieldLayout[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var message = field.FieldType == FieldType.Message ? Get(field.MessageType, built) : null;
            layout.Fields[i] = new FieldLayout(field, i, message);
            layout._byNumber[field.FieldNumber] = layout.Fields[i];
        }
        return layout;
    }
}

/// <summary>One field of a <see cref="MessageLayout"/>.</summary>
internal sealed class FieldLayout
{
    public FieldLayout(FieldDescriptor descriptor, int order, MessageLayout? message)
    {
        Descriptor = descriptor;
        Order = order;
        Number = descriptor.FieldNumber;
        Type = descriptor.FieldType;
        JsonName = descriptor.JsonName;
        JsonNameUtf8 = Encoding.UTF8.GetBytes(descriptor.JsonName);
        ProtoNameUtf8 = Encoding.UTF8.GetBytes(descriptor.Name);
        EncodedName = JsonEncodedText.Encode(descriptor.JsonName);
        IsRepeated = descriptor.IsRepeated && !descriptor.IsMap;
        IsMap = descriptor.IsMap;
        Message = message;
        Enum = descriptor.FieldType == FieldType.Enum ? descriptor.EnumType : null;
        // Explicit presence: written and printed even when the value is the default.
        HasPresence = !descriptor.IsRepeated && (descriptor.FieldType == FieldType.Message || descriptor.ContainingOneof is not null || descriptor.HasPresence);
        Oneof = descriptor.ContainingOneof;
        if (IsMap)
        {
            MapKey = message!.FindByNumber(1)!;
            MapValue = message.FindByNumber(2)!;
        }
    }

    public FieldDescriptor Descriptor { get; }

    public int Order { get; }

    public int Number { get; }

    public FieldType Type { get; }

    public string JsonName { get; }

    public byte[] JsonNameUtf8 { get; }

    public byte[] ProtoNameUtf8 { get; }

    public JsonEncodedText EncodedName { get; }

    /// <summary>A repeated field that is not a map.</summary>
    public bool IsRepeated { get; }

    public bool IsMap { get; }

    public bool HasPresence { get; }

    public OneofDescriptor? Oneof { get; }

    /// <summary>The message type of a message field; for a map, its entry type.</summary>
    public MessageLayout? Message { get; }

    public EnumDescriptor? Enum { get; }

    public FieldLayout? MapKey { get; }

    public FieldLayout? MapValue { get; }

    /// <summary>Scalars that repeated fields pack into one length-delimited run (proto3's default).</summary>
    public bool IsPackable => Type is not (FieldType.String or FieldType.Bytes or FieldType.Message or FieldType.Group);

    /// <summary>Whether a repeated field is written packed (proto3 packs scalars unless <c>[packed = false]</c>).
    /// Google.Protobuf's <c>IsPacked</c> says true for any proto3 repeated field, strings and messages included.</summary>
    public bool IsPacked => IsRepeated && IsPackable && Descriptor.IsPacked;

    public WireType WireType => Type switch
    {
        FieldType.Double or FieldType.Fixed64 or FieldType.SFixed64 => WireType.Fixed64,
        FieldType.Float or FieldType.Fixed32 or FieldType.SFixed32 => WireType.Fixed32,
        FieldType.String or FieldType.Bytes or FieldType.Message => WireType.LengthDelimited,
        FieldType.Group => WireType.StartGroup,
        _ => WireType.Varint,
    };
}
