using System.Globalization;
using System.Text;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>
/// The judge of "the upstream never sees a path outside the route's prefix": the strictest reading any upstream could
/// give a path. Percent-decoding is repeated until nothing changes (IIS's <c>%uXXXX</c> included), overlong UTF-8 is
/// read as the ASCII it spells, backslashes count as slashes, <c>;parameters</c> are cut from segments (Tomcat), and
/// then dot segments are resolved. Unicode lookalikes such as U+FF0E are ordinary characters, as the gateway documents.
/// </summary>
public static class PathOracle
{
    private const int MaxPasses = 16;

    /// <summary>True when the path part of <paramref name="target"/> resolves to <paramref name="prefix"/> or below it.</summary>
    public static bool StaysUnder(string target, string prefix)
    {
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var resolved = Resolve(question < 0 ? target : target[..question]);
        var root = prefix.TrimEnd('/');
        return resolved == root || resolved.StartsWith(root + "/", StringComparison.Ordinal);
    }

    /// <summary>The path as the strictest upstream would see it; a path that climbs above the root starts with "/..".</summary>
    public static string Resolve(string path)
    {
        var text = path;
        for (var pass = 0; pass < MaxPasses; pass++)
        {
            var next = DecodeOnce(text);
            if (next == text)
            {
                break;
            }
            text = next;
        }

        var segments = new List<string>();
        var climbed = false;
        foreach (var raw in text.Replace('\\', '/').Split('/'))
        {
            var semicolon = raw.IndexOf(';', StringComparison.Ordinal);
            var segment = semicolon < 0 ? raw : raw[..semicolon];
            if (segment is "" or ".")
            {
                continue;
            }
            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    climbed = true;
                }
                else
                {
                    segments.RemoveAt(segments.Count - 1);
                }
                continue;
            }
            segments.Add(segment);
        }
        return (climbed ? "/../" : "/") + string.Join('/', segments);
    }

    private static string DecodeOnce(string text)
    {
        var result = new StringBuilder(text.Length);
        var bytes = new List<byte>();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '%' && i + 5 < text.Length && (text[i + 1] is 'u' or 'U') && IsHex(text.AsSpan(i + 2, 4)))
            {
                FlushBytes(bytes, result);
                result.Append((char)int.Parse(text.AsSpan(i + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 5;
            }
            else if (text[i] == '%' && i + 2 < text.Length && IsHex(text.AsSpan(i + 1, 2)))
            {
                bytes.Add(byte.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                FlushBytes(bytes, result);
                result.Append(text[i]);
            }
        }
        FlushBytes(bytes, result);
        return result.ToString();
    }

    private static bool IsHex(ReadOnlySpan<char> digits)
    {
        foreach (var c in digits)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Decodes like the most lenient UTF-8 reader: overlong forms give their code point, stray bytes Latin-1.</summary>
    private static void FlushBytes(List<byte> bytes, StringBuilder result)
    {
        var i = 0;
        while (i < bytes.Count)
        {
            var lead = bytes[i];
            var (length, bits) = lead switch
            {
                < 0x80 => (1, lead),
                >= 0xC0 and <= 0xDF => (2, lead & 0x1F),
                >= 0xE0 and <= 0xEF => (3, lead & 0x0F),
                >= 0xF0 and <= 0xF7 => (4, lead & 0x07),
                >= 0xF8 and <= 0xFB => (5, lead & 0x03),
                >= 0xFC and <= 0xFD => (6, lead & 0x01),
                _ => (0, 0),
            };
            var codePoint = bits;
            var complete = length > 0 && i + length <= bytes.Count;
            for (var k = 1; complete && k < length; k++)
            {
                complete = bytes[i + k] is >= 0x80 and <= 0xBF;
                codePoint = (codePoint << 6) | (bytes[i + k] & 0x3F);
            }
            if (!complete)
            {
                result.Append((char)lead);
                i++;
                continue;
            }
            result.Append(codePoint <= 0x10FFFF && !(codePoint is >= 0xD800 and <= 0xDFFF) ? char.ConvertFromUtf32(codePoint) : "\uFFFD");
            i += length;
        }
        bytes.Clear();
    }
}
