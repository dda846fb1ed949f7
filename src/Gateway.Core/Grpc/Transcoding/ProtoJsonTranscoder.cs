using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Gateway.Grpc.Transcoding;

/// <summary>
/// JSON ↔ protobuf for one message type known only at run time (Google.Protobuf's C# runtime has no dynamic
/// messages), by the proto3 JSON mapping. Built once per route; safe to share between requests.
/// </summary>
public sealed class ProtoJsonTranscoder
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // The body is application/json for API clients: non-ASCII text stays readable instead of \u-escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    private static readonly JsonDocumentOptions ReaderOptions = new() { MaxDepth = 64 };

    private readonly MessageLayout _layout;

    public ProtoJsonTranscoder(MessageDescriptor message) => _layout = MessageLayout.Build(message);

    /// <summary>
    /// Encodes a JSON body (empty means <c>{}</c>) merged with text values for top-level fields (path and query
    /// parameters). Throws <see cref="TranscodingException"/> naming the field when the input does not fit.
    /// </summary>
    public byte[] JsonToProto(ReadOnlyMemory<byte> json, IReadOnlyList<KeyValuePair<string, string>>? fields = null)
    {
        using var document = Parse(json);
        var bound = Bind(fields);
        using var writer = new WireWriter(Math.Max(256, json.Length));
        ProtoEncoder.WriteMessage(writer, _layout, document.RootElement, bound);
        return writer.ToArray();
    }

    /// <summary>Decodes a message into ProtoJSON. Throws <see cref="WireFormatException"/> when the bytes are not one.</summary>
    public ReadOnlyMemory<byte> ProtoToJson(ReadOnlySpan<byte> message)
    {
        var output = new ArrayBufferWriter<byte>(Math.Max(256, message.Length * 2));
        using (var json = new Utf8JsonWriter(output, WriterOptions))
        {
            ProtoDecoder.WriteMessage(json, _layout, message);
        }
        return output.WrittenMemory;
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return json.IsEmpty ? JsonDocument.Parse("{}"u8.ToArray()) : JsonDocument.Parse(json, ReaderOptions);
        }
        catch (JsonException exception)
        {
            throw new TranscodingException(string.Empty, $"the body is not valid JSON ({exception.Message})");
        }
    }

    private ProtoEncoder.FieldInput[] Bind(IReadOnlyList<KeyValuePair<string, string>>? fields)
    {
        if (fields is null || fields.Count == 0)
        {
            return [];
        }
        var bound = new ProtoEncoder.FieldInput[fields.Count];
        for (var i = 0; i < fields.Count; i++)
        {
            var (name, text) = fields[i];
            var field = _layout.Fields.FirstOrDefault(f => f.JsonName == name);
            if (field is null)
            {
                throw new TranscodingException(name, $"{_layout.Descriptor.FullName} has no field \"{name}\"");
            }
            if (field.Type is FieldType.Message or FieldType.Group || field.IsMap)
            {
                throw new TranscodingException(name, "a URL parameter can fill only a scalar or enum field");
            }
            bound[i] = new ProtoEncoder.FieldInput(field, default, text);
        }
        return bound;
    }
}
