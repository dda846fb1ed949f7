using System.Text;
using Gateway.Grpc.Transcoding;

namespace Gateway.GrpcTests;

/// <summary>JSON that does not fit the request message is refused naming the field, and for a wrong type, what was expected.</summary>
public sealed class TranscoderErrorTests
{
    private static readonly ProtoJsonTranscoder Everything = TestProtos.For("gateway.test.Everything");

    [Theory]
    [InlineData("""{"nope": 1}""", "nope", "gateway.test.Everything has no field \"nope\"")]
    [InlineData("""{"inner": {"child": {"labl": "x"}}}""", "inner.child.labl", "gateway.test.Inner has no field \"labl\"")]
    [InlineData("""{"anInt32": "abc"}""", "anInt32", "expected an int32 (a number, or a string holding one), got the string \"abc\"")]
    [InlineData("""{"anInt32": 2147483648}""", "anInt32", "the value is out of range for int32")]
    [InlineData("""{"anInt32": 1.5}""", "anInt32", "expected an int32 (a whole number), got the number 1.5")]
    [InlineData("""{"aUint32": -1}""", "aUint32", "the value is out of range for uint32")]
    [InlineData("""{"aBool": "yes"}""", "aBool", "expected a bool (true or false), got the string \"yes\"")]
    [InlineData("""{"aString": 5}""", "aString", "expected a string, got the number 5")]
    [InlineData("""{"someBytes": "***"}""", "someBytes", "expected bytes as a base64 string, got the string \"***\"")]
    [InlineData("""{"color": "BLUE"}""", "color", "\"BLUE\" is not a value of the enum gateway.test.Color (its values: COLOR_UNSPECIFIED, RED, GREEN)")]
    [InlineData("""{"inner": 5}""", "inner", "expected an object (gateway.test.Inner), got the number 5")]
    [InlineData("""{"int32s": [1, "x"]}""", "int32s[1]", "expected an int32 (a number, or a string holding one), got the string \"x\"")]
    [InlineData("""{"int32s": {"a": 1}}""", "int32s", "expected an array, got an object")]
    [InlineData("""{"inners": [{}, {"points": [true]}]}""", "inners[1].points[0]", "expected an int32 (a number, or a string holding one), got true")]
    [InlineData("""{"counts": {"a": "b"}}""", "counts.a", "expected an int32 (a number, or a string holding one), got the string \"b\"")]
    [InlineData("""{"namesById": {"x": "b"}}""", "namesById.x", "expected an int64 (a number, or a string holding one), got \"x\"")]
    [InlineData("""{"when": "yesterday"}""", "when", "expected a timestamp (RFC 3339, such as \"2024-01-31T10:00:00.5Z\"), got the string \"yesterday\"")]
    [InlineData("""{"howLong": "5 minutes"}""", "howLong", "expected a duration (seconds with up to 9 decimals and an \"s\", such as \"1.5s\"), got the string \"5 minutes\"")]
    [InlineData("""{"wrappedInt64": true}""", "wrappedInt64", "expected an int64 (a number, or a string holding one), got true")]
    [InlineData("""{"details": [1]}""", "details", "expected an object (google.protobuf.Struct), got an array")]
    [InlineData("""{"choiceText": "a", "choiceNumber": 1}""", "choiceNumber", "choiceText is already set, and both belong to the oneof choice")]
    [InlineData("""{"aString": "a", "a_string": "b"}""", "a_string", "is given twice")]
    [InlineData("""{"aFloat": 1e39}""", "aFloat", "the value is out of range for float")]
    public void Refuses_naming_the_field(string json, string field, string problem)
    {
        var exception = Assert.Throws<TranscodingException>(() => Everything.JsonToProto(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(field, exception.Field);
        Assert.Equal(problem, exception.Problem);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    public void A_body_that_is_not_an_object_is_refused(string json)
    {
        var exception = Assert.Throws<TranscodingException>(() => Everything.JsonToProto(Encoding.UTF8.GetBytes(json)));

        Assert.Equal(string.Empty, exception.Field);
    }

    [Fact]
    public void Url_parameters_fill_fields_by_json_name_and_conflict_with_the_body()
    {
        var request = TestProtos.For("gateway.test.EchoRequest");
        var bound = request.JsonToProto("""{"name": "body"}"""u8.ToArray(), [new("id", "42"), new("tags", "a"), new("tags", "b"), new("color", "RED")]);
        var parsed = Generated.EchoRequest.Parser.ParseFrom(bound);
        Assert.Equal(("body", 42L, Generated.Color.Red), (parsed.Name, parsed.Id, parsed.Color));
        Assert.Equal(["a", "b"], parsed.Tags);

        var conflict = Assert.Throws<TranscodingException>(() => request.JsonToProto("""{"name": "body"}"""u8.ToArray(), [new("name", "path")]));
        Assert.Equal(("name", "is given both in the URL and in the body"), (conflict.Field, conflict.Problem));

        var unknown = Assert.Throws<TranscodingException>(() => request.JsonToProto(default, [new("nmae", "x")]));
        Assert.Equal("nmae", unknown.Field);

        var wrongType = Assert.Throws<TranscodingException>(() => request.JsonToProto(default, [new("id", "x")]));
        Assert.Equal(("id", "expected an int64 (a number, or a string holding one), got \"x\""), (wrongType.Field, wrongType.Problem));
    }

    [Fact]
    public void Bytes_that_are_not_the_message_are_a_wire_format_error()
    {
        Assert.Throws<WireFormatException>(() => Everything.ProtoToJson([0x0A, 0x05, 0x01]));
        Assert.Throws<WireFormatException>(() => Everything.ProtoToJson([0x08]));
        // Field 14 (a string) sent as a varint.
        Assert.Throws<WireFormatException>(() => Everything.ProtoToJson([0x70, 0x01]));
    }

    [Fact]
    public void A_reply_nested_deeper_than_json_allows_is_a_wire_format_error_not_a_stack_overflow()
    {
        var inner = TestProtos.For("gateway.test.Inner");
        // Inner.child (field 3) nested 10,000 times, built from the inside out.
        var message = Array.Empty<byte>();
        for (var i = 0; i < 10_000; i++)
        {
            var length = new List<byte>();
            var remaining = (uint)message.Length;
            do
            {
                length.Add((byte)(remaining >= 0x80 ? (remaining & 0x7F) | 0x80 : remaining));
                remaining >>= 7;
            }
            while (remaining > 0);
            message = [0x1A, .. length, .. message];
        }

        var exception = Assert.Throws<WireFormatException>(() => inner.ProtoToJson(message));
        Assert.Contains("nested more than 64 levels", exception.Message, StringComparison.Ordinal);
    }
}
