using System.Buffers;
using System.Buffers.Binary;

namespace Gateway.Grpc.Transcoding;

/// <summary>
/// Writes the protobuf wire format into one pooled buffer. Google.Protobuf's <c>CodedOutputStream</c> needs every
/// nested message's length before its content (generated code computes sizes first); a transcoder has no sizes, so
/// this writer reserves one byte for a length, writes the content, and moves it only when the length needs more.
/// </summary>
internal sealed class WireWriter : IDisposable
{
    private byte[] _buffer;
    private int _position;

    public WireWriter(int initialCapacity = 1024) => _buffer = ArrayPool<byte>.Shared.Rent(initialCapacity);

    public int Length => _position;

    public byte[] ToArray() => _buffer.AsSpan(0, _position).ToArray();

    /// <summary>Takes back what was written after <paramref name="length"/> (a default value generated code would not write).</summary>
    public void Truncate(int length) => _position = length;

    public void WriteTag(int fieldNumber, WireType type) => WriteVarint((uint)(fieldNumber << 3) | (uint)type);

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        while (value >= 0x80)
        {
            _buffer[_position++] = (byte)(value | 0x80);
            value >>= 7;
        }
        _buffer[_position++] = (byte)value;
    }

    /// <summary>int32 and enums are sign-extended to 64 bits on the wire, as the spec says.</summary>
    public void WriteInt32(int value) => WriteVarint((ulong)(long)value);

    public void WriteSInt32(int value) => WriteVarint((uint)((value << 1) ^ (value >> 31)));

    public void WriteSInt64(long value) => WriteVarint((ulong)((value << 1) ^ (value >> 63)));

    public void WriteFixed32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_position), value);
        _position += 4;
    }

    public void WriteFixed64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_position), value);
        _position += 8;
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        WriteVarint((uint)bytes.Length);
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_position));
        _position += bytes.Length;
    }

    /// <summary>Room for <paramref name="count"/> bytes written directly (a string's UTF-8, decoded base64).</summary>
    public Span<byte> Reserve(int count)
    {
        Ensure(count);
        return _buffer.AsSpan(_position, count);
    }

    public void Advance(int count) => _position += count;

    /// <summary>Starts a length-delimited value (a message, a packed run); returns where its content begins.</summary>
    public int BeginLengthDelimited()
    {
        Ensure(1);
        _position++;
        return _position;
    }

    /// <summary>Writes the length in front of the content started at <paramref name="start"/>, moving it if the length needs more than one byte.</summary>
    public void EndLengthDelimited(int start)
    {
        var length = _position - start;
        if (length < 0x80)
        {
            _buffer[start - 1] = (byte)length;
            return;
        }
        var lengthSize = VarintSize((uint)length);
        Ensure(lengthSize - 1);
        _buffer.AsSpan(start, length).CopyTo(_buffer.AsSpan(start + lengthSize - 1));
        var at = start - 1;
        var remaining = (uint)length;
        while (remaining >= 0x80)
        {
            _buffer[at++] = (byte)(remaining | 0x80);
            remaining >>= 7;
        }
        _buffer[at] = (byte)remaining;
        _position += lengthSize - 1;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private static int VarintSize(uint value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }
        return size;
    }

    private void Ensure(int count)
    {
        if (_position + count <= _buffer.Length)
        {
            return;
        }
        var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _position + count));
        _buffer.AsSpan(0, _position).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = larger;
    }
}

/// <summary>The protobuf wire types this transcoder reads and writes (groups are refused).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    StartGroup = 3,
    EndGroup = 4,
    Fixed32 = 5,
}
