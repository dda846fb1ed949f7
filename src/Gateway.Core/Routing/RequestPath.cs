using System.Buffers;
using System.Globalization;
using System.Text;
using Gateway.Http;

namespace Gateway.Routing;

/// <summary>
/// Guards the path before it is routed or forwarded. A path that could climb out of a route's prefix on the
/// upstream (dot segments in any encoding, backslashes, NUL) or that the forwarder could not send as it is (raw
/// spaces, '#', non-ASCII; see <see cref="RequestTarget"/>) is refused rather than repaired: a client that sends one
/// is either broken or probing. Doubled slashes are collapsed, which is what upstream servers would do anyway.
/// </summary>
public static class RequestPath
{
    private const int MaxDecodePasses = 3;
    private static readonly SearchValues<char> Suspicious = SearchValues.Create("%.\\");
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryNormalize(string path, out string normalized, out string? problem)
    {
        normalized = path;
        if (path.Length == 0 || path[0] != '/')
        {
            problem = "the path must start with '/'";
            return false;
        }
        if (ContainsControlCharacter(path))
        {
            problem = "the path contains a control character";
            return false;
        }
        if (!RequestTarget.IsPlain(path))
        {
            problem = "the path contains a space, '#' or a non-ASCII character; percent-encode it";
            return false;
        }
        // Fast path: nothing that could hide a dot segment or an empty segment.
        if (path.AsSpan().IndexOfAny(Suspicious) < 0 && !path.Contains("//", StringComparison.Ordinal))
        {
            problem = null;
            return true;
        }

        foreach (var range in path.AsSpan(1).Split('/'))
        {
            if (IsHostile(path.AsSpan(1)[range], out problem))
            {
                return false;
            }
        }
        normalized = path.Contains("//", StringComparison.Ordinal) ? CollapseSlashes(path) : path;
        problem = null;
        return true;
    }

    private static bool IsHostile(ReadOnlySpan<char> segment, out string? problem)
    {
        problem = null;
        if (segment.IsEmpty)
        {
            return false;
        }
        if (!segment.Contains('%'))
        {
            if (segment.Contains('\\'))
            {
                problem = "the path contains a backslash";
                return true;
            }
            if (IsDotSegment(segment))
            {
                problem = "the path contains a dot segment";
                return true;
            }
            return false;
        }
        var decoded = segment.ToString();
        for (var pass = 0; decoded.Contains('%'); pass++)
        {
            if (!TryDecodeOnce(decoded, out var next))
            {
                // Overlong forms such as %c0%ae spell '.' to lenient decoders; no valid path needs them.
                problem = "the path contains percent-encoded bytes that are not UTF-8";
                return true;
            }
            if (next == decoded)
            {
                break;
            }
            if (pass == MaxDecodePasses)
            {
                // What still decodes after that many passes could decode to anything; no client encodes a path so often.
                problem = $"the path is percent-encoded more than {MaxDecodePasses} times";
                return true;
            }
            decoded = next;
        }
        if (ContainsControlCharacter(decoded))
        {
            problem = "the path contains an encoded control character";
            return true;
        }
        if (decoded.Contains('\\'))
        {
            problem = "the path contains a backslash";
            return true;
        }
        foreach (var part in decoded.Split('/'))
        {
            if (IsDotSegment(part))
            {
                problem = "the path contains a dot segment";
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// One pass of percent-decoding. Each run of %XX escapes must decode as UTF-8; %uXXXX is decoded as IIS reads it
    /// (%u002e is a '.'); a '%' that starts neither is kept as it is (it cannot spell anything).
    /// </summary>
    private static bool TryDecodeOnce(string text, out string decoded)
    {
        var result = new StringBuilder(text.Length);
        var bytes = new byte[text.Length / 3];
        var i = 0;
        while (i < text.Length)
        {
            var count = 0;
            while (i + 2 < text.Length && text[i] == '%' && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]))
            {
                bytes[count++] = byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                i += 3;
            }
            if (count > 0)
            {
                try
                {
                    result.Append(StrictUtf8.GetString(bytes, 0, count));
                }
                catch (DecoderFallbackException)
                {
                    decoded = text;
                    return false;
                }
                continue;
            }
            if (i + 5 < text.Length && text[i] == '%' && text[i + 1] is 'u' or 'U' && IsHex(text.AsSpan(i + 2, 4)))
            {
                result.Append((char)ushort.Parse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 6;
                continue;
            }
            result.Append(text[i++]);
        }
        decoded = result.ToString();
        return true;
    }

    /// <summary>"." or "..", also with path parameters: Tomcat and Jetty read "..;x=1" as "..".</summary>
    private static bool IsDotSegment(ReadOnlySpan<char> segment)
    {
        var semicolon = segment.IndexOf(';');
        return (semicolon < 0 ? segment : segment[..semicolon]) is "." or "..";
    }

    private static bool IsHex(ReadOnlySpan<char> digits) => digits.IndexOfAnyExcept("0123456789abcdefABCDEF") < 0;

    private static bool ContainsControlCharacter(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }
        return false;
    }

    private static string CollapseSlashes(string path)
    {
        var builder = new System.Text.StringBuilder(path.Length);
        foreach (var c in path)
        {
            if (c == '/' && builder.Length > 0 && builder[^1] == '/')
            {
                continue;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
