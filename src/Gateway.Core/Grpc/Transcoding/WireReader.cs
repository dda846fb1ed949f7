using System.Buffers.Binary;

namespace Gateway.Grpc.Transcoding;

/// <summary>
/// Reads the protobuf wire format from a span without copying. Google.Protobuf's <c>CodedInputStream</c> offers no
/// public way to read a nested message in place (its limits are internal), so each nested message would be copied
/// out as a <c>ByteString</c>; slicing a span costs nothing.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool End => _position >= _data.Length;

    public readonly int Position => _position;

    /// <summary>The next field's number and wire type.</summary>
    public (int Number, WireType Type) ReadTag()
    {
        var tag = ReadVarint();
        var number = (int)(tag >> 3);
        if (number <= 0 || tag > uint.MaxValue)
        {
            throw new WireFormatException($"invalid field tag {tag}");
        }
        return (number, (WireType)(tag & 7));
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length)
            {
                throw new WireFormatException("the message ends inside a varint");
            }
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return result;
            }
        }
        throw new WireFormatException("a varint is longer than 10 bytes");
    }

    public uint ReadFixed32() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public ulong ReadFixed64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position))
        {
            throw new WireFormatException("a length-delimited field runs past the end of the message");
        }
        return Take((int)length);
    }

    /// <summary>Skips one value of the given wire type (an unknown field).</summary>
    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint:
                ReadVarint();
                break;
            case WireType.Fixed64:
                Take(8);
                break;
            case WireType.LengthDelimited:
                ReadLengthDelimited();
                break;
            case WireType.Fixed32:
                Take(4);
                break;
            default:
                throw new WireFormatException($"wire type {(int)type} (groups) is not supported");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > _data.Length - _position)
        {
            throw new WireFormatException("the message ends inside a field");
        }
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}

/// <summary>The bytes are not a valid protobuf message of the expected type.</summary>
public sealed class WireFormatException(string message) : Exception(message);
