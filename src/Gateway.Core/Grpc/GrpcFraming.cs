using System.Buffers.Binary;

namespace Gateway.Grpc;

/// <summary>
/// gRPC's length-prefixed messages on HTTP/2: one byte "compressed" flag, four bytes big-endian length, the message.
/// The gateway sends uncompressed messages and advertises no compression, so it accepts only uncompressed ones.
/// </summary>
public static class GrpcFraming
{
    public const int HeaderLength = 5;

    /// <summary>The message behind its frame header.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> message)
    {
        var framed = new byte[HeaderLength + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(framed.AsSpan(1), (uint)message.Length);
        message.CopyTo(framed.AsSpan(HeaderLength));
        return framed;
    }

    /// <summary>The single message of a unary response, or null with the reason it is not one.</summary>
    public static ReadOnlyMemory<byte>? ReadSingle(ReadOnlyMemory<byte> body, out string? error)
    {
        error = null;
        var span = body.Span;
        if (span.Length < HeaderLength)
        {
            error = "the response holds no complete gRPC message";
            return null;
        }
        if (span[0] != 0)
        {
            error = "the response message is compressed, and the gateway asked for none";
            return null;
        }
        var length = BinaryPrimitives.ReadUInt32BigEndian(span[1..]);
        if (length != (uint)(span.Length - HeaderLength))
        {
            error = "the response is not exactly one gRPC message";
            return null;
        }
        return body[HeaderLength..];
    }
}
