using System.Text.Encodings.Web;
using System.Text.Json;
using Gateway.GrpcTests.Generated;
using Google.Protobuf;

namespace Gateway.GrpcTests;

/// <summary>
/// The oracle: over a generated corpus, the gateway's transcoder (run-time descriptors parsed from the .proto text)
/// must agree with Google.Protobuf's generated code. Binary → JSON equals JsonFormatter's output (compared after
/// removing insignificant whitespace and re-escaping strings the same way: JsonFormatter writes "{ \"a\": 1 }",
/// the gateway compact JSON; numbers, names, order and string contents are compared as written), and JSON → binary
/// equals the generated message's ToByteArray() byte for byte.
/// </summary>
public sealed class TranscoderConformanceTests
{
    private static readonly Gateway.Grpc.Transcoding.ProtoJsonTranscoder Transcoder = TestProtos.For("gateway.test.Everything");

    public static IEnumerable<object[]> Corpus() =>
        MessageCorpus.Generate(300).Select((message, index) => new object[] { index, message.ToByteArray() });

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Binary_to_json_matches_JsonFormatter(int index, byte[] binary)
    {
        var message = Everything.Parser.ParseFrom(binary);
        var expected = JsonFormatter.Default.Format(message);

        var actual = Transcoder.ProtoToJson(binary);

        Assert.True(Canonical(expected) == Canonical(actual.Span), $"message {index}:\nexpected {expected}\nactual   {System.Text.Encoding.UTF8.GetString(actual.Span)}");
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Json_to_binary_matches_generated_serialization(int index, byte[] binary)
    {
        var json = JsonFormatter.Default.Format(Everything.Parser.ParseFrom(binary));

        var actual = Transcoder.JsonToProto(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.True(binary.AsSpan().SequenceEqual(actual), $"message {index}: {json}");
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Gateway_json_parses_back_to_the_same_message(int index, byte[] binary)
    {
        var message = Everything.Parser.ParseFrom(binary);

        var json = Transcoder.ProtoToJson(binary);
        var parsed = JsonParser.Default.Parse<Everything>(System.Text.Encoding.UTF8.GetString(json.Span));

        Assert.True(message.Equals(parsed), $"message {index}");
        Assert.Equal(binary, Transcoder.JsonToProto(json));
    }

    /// <summary>Non-canonical JSON the ProtoJSON spec accepts parses as Google.Protobuf's JsonParser parses it.</summary>
    [Theory]
    [InlineData("""{"an_int32": "12", "anInt64": 7, "aUint64": "1e2", "aDouble": "NaN", "aFloat": "-Infinity"}""")]
    [InlineData("""{"color": 2, "colors": ["RED", 2], "aBool": false, "someBytes": "+/8=", "aString": "\u00e9\n"}""")]
    [InlineData("""{"when": "2024-02-29T23:59:59.5+01:30", "howLong": "-0.000001s", "anInt32": 1.0, "maybeInt": 0}""")]
    [InlineData("""{"wrappedInt64": "5", "wrappedBool": false, "anything": null, "details": {"a": [1, "x", null, {"b": true}]}}""")]
    [InlineData("""{"inner": null, "aString": null, "int32s": [], "counts": {}, "choiceNumber": "0", "mask": "aString,inner.childLabel"}""")]
    [InlineData("""{"namesById": {"-5": "a", "7": "b"}, "innerByFlag": {"true": {}}, "colorsByCode": {"3": "GREEN"}}""")]
    public void Accepted_json_forms_match_JsonParser(string json)
    {
        var expected = JsonParser.Default.Parse<Everything>(json).ToByteArray();

        Assert.Equal(expected, Transcoder.JsonToProto(System.Text.Encoding.UTF8.GetBytes(json)));
    }

    private static string Canonical(string json) => Canonical(System.Text.Encoding.UTF8.GetBytes(json));

    private static string Canonical(ReadOnlySpan<byte> json)
    {
        using var document = JsonDocument.Parse(json.ToArray());
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            Rewrite(document.RootElement, writer);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes the value again: strings re-escaped one way, numbers exactly as they were written.</summary>
    private static void Rewrite(JsonElement element, Utf8JsonWriter writer)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                writer.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    writer.WritePropertyName(property.Name);
                    Rewrite(property.Value, writer);
                }
                writer.WriteEndObject();
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    Rewrite(item, writer);
                }
                writer.WriteEndArray();
                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            default:
                writer.WriteRawValue(element.GetRawText());
                break;
        }
    }
}
