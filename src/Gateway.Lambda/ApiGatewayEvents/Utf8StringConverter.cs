using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Gateway.Lambda.ApiGatewayEvents;

/// <summary>
/// Reads a JSON string as its UTF-8 bytes, unescaped, without making a .NET string of it: a request body would
/// otherwise be held twice more (as UTF-16, then as the bytes the gateway forwards). Only a JSON string or null is
/// accepted, and only text: invalid UTF-8 and escaped lone surrogates are refused as the string reader refuses them.
/// </summary>
public sealed class Utf8StringConverter : JsonConverter<byte[]>
{
    public override byte[]? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected a string, found {reader.TokenType}");
        }
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        byte[] text;
        if (!reader.ValueIsEscaped && !reader.HasValueSequence)
        {
            text = reader.ValueSpan.ToArray();
        }
        else
        {
            // Unescaping never lengthens the text; a pooled scratch buffer keeps it to one allocation of the exact size.
            var scratch = ArrayPool<byte>.Shared.Rent(length);
            try
            {
                text = scratch.AsSpan(0, reader.CopyString(scratch)).ToArray();
            }
            catch (InvalidOperationException exception)
            {
                throw new JsonException("the string is not valid text", exception);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
            }
        }
        return Utf8.IsValid(text) ? text : throw new JsonException("the string is not valid UTF-8");
    }

    public override void Write(Utf8JsonWriter writer, byte[] value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
