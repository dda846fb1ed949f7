using System.Buffers;

namespace Gateway.Http;

/// <summary>
/// What a request target (path and query) may hold raw: printable ASCII other than '#'. Control characters, spaces,
/// '#' and non-ASCII characters must arrive percent-encoded. The forwarder sends the target byte for byte, so a raw
/// one would reach the upstream as a broken or split request line, or lose whatever follows '#'.
/// </summary>
public static class RequestTarget
{
    private static readonly SearchValues<char> Plain =
        SearchValues.Create("!\"$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    public static bool IsPlain(ReadOnlySpan<char> text) => text.IndexOfAnyExcept(Plain) < 0;
}
