using System.Buffers;
using System.Text;
using Gateway.Http;

namespace Gateway.Canonicalization;

/// <summary>
/// A request path in the one spelling the gateway routes, authorizes, keys and forwards. Upstreams read a path in
/// many ways (decoding every escape, folding case, cutting <c>;parameters</c> as Tomcat and Spring do), so the gateway
/// reads it the way the most lenient of them would and refuses what that reading cannot make unambiguous.
/// </summary>
/// <param name="Value">The path to forward: escapes of unreserved characters decoded, other escapes in upper-case
/// hex (RFC 3986 §6.2.2), doubled slashes collapsed; <c>;parameters</c> kept.</param>
/// <param name="RoutingValue">The path routes match: <see cref="Value"/> with <c>;parameters</c> (also introduced by
/// an encoded <c>%3B</c>) cut from every segment, which is what a Servlet container dispatches on.</param>
/// <param name="EncodedSlashes">Whether a segment holds <c>%2F</c>, which some upstreams read as a separator.</param>
public readonly record struct CanonicalPath(string Value, string RoutingValue, bool EncodedSlashes)
{
    /// <summary>Whether a segment carries <c>;parameters</c>; only routes that opt in take them.</summary>
    public bool HasMatrixParams => !ReferenceEquals(Value, RoutingValue);

    private static readonly SearchValues<char> NeedsWork = SearchValues.Create("%.\\;");
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool TryCreate(string path, out CanonicalPath canonical, out string? problem)
    {
        canonical = default;
        if (path.Length == 0 || path[0] != '/')
        {
            problem = "the path must start with '/'";
            return false;
        }
        if (path.AsSpan().ContainsAnyInRange('\0', '\x1f') || path.Contains('\x7f'))
        {
            problem = "the path contains a control character";
            return false;
        }
        if (!RequestTarget.IsPlain(path))
        {
            problem = "the path contains a space, '#' or a non-ASCII character; percent-encode it";
            return false;
        }
        // Fast path, the common request: nothing to decode, cut or collapse, and no dot that could form a dot segment.
        if (path.AsSpan().IndexOfAny(NeedsWork) < 0 && !path.Contains("//", StringComparison.Ordinal))
        {
            canonical = new CanonicalPath(path, path, false);
            problem = null;
            return true;
        }
        if (path.Contains('\\'))
        {
            problem = "the path contains a backslash";
            return false;
        }

        var value = new StringBuilder(path.Length);
        var routing = new StringBuilder(path.Length);
        var encodedSlashes = false;
        foreach (var range in path.AsSpan(1).Split('/'))
        {
            var raw = path.AsSpan(1)[range];
            if (raw.IsEmpty)
            {
                continue; // "//" collapses, as upstream servers read it
            }
            if (!TryDecodeSegment(raw, out var segment, out problem))
            {
                return false;
            }
            if (IsDotSegment(segment))
            {
                problem = "the path contains a dot segment";
                return false;
            }
            // An encoded ';' counts as one: an upstream that decodes before it cuts parameters reads "admin%3Bx" as "admin".
            var semicolon = ParametersStart(segment);
            if (semicolon == 0)
            {
                // "/;x/admin" is "/admin" to a Servlet container: a segment that vanishes has no place in a route.
                problem = "a path segment has ';' parameters but no name";
                return false;
            }
            encodedSlashes |= segment.Contains("%2F", StringComparison.Ordinal);
            value.Append('/').Append(segment);
            routing.Append('/').Append(semicolon < 0 ? segment : segment[..semicolon]);
        }
        if (path.EndsWith('/') && path.Length > 1)
        {
            value.Append('/');
            routing.Append('/');
        }
        var valueText = value.Length == 0 ? "/" : value.ToString();
        var routingText = routing.Length == 0 ? "/" : routing.ToString();
        // The same instance when nothing was cut: that is how HasMatrixParams tells.
        canonical = new CanonicalPath(valueText, routingText == valueText ? valueText : routingText, encodedSlashes);
        problem = null;
        return true;
    }

    /// <summary>
    /// Decodes the escapes of unreserved characters and upper-cases the others. Refuses what has no single reading:
    /// a '%' not followed by two hex digits, an escape of an escape (<c>%2561</c> is "a" to an upstream that decodes
    /// twice, <c>%25u0061</c> to IIS), escapes that are not UTF-8 (overlong forms spell '.' to lenient decoders), encoded control characters
    /// and encoded backslashes.
    /// </summary>
    private static bool TryDecodeSegment(ReadOnlySpan<char> raw, out string segment, out string? problem)
    {
        segment = string.Empty;
        if (!raw.Contains('%'))
        {
            segment = raw.ToString();
            problem = null;
            return true;
        }
        var builder = new StringBuilder(raw.Length);
        Span<byte> run = stackalloc byte[raw.Length / 3 + 1];
        var i = 0;
        while (i < raw.Length)
        {
            if (raw[i] != '%')
            {
                builder.Append(raw[i++]);
                continue;
            }
            var count = 0;
            var runStart = i;
            while (i < raw.Length && raw[i] == '%')
            {
                if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                {
                    problem = "the path contains a '%' that does not start a %XX escape";
                    return false;
                }
                run[count++] = (byte)(HexValue(raw[i + 1]) << 4 | HexValue(raw[i + 2]));
                i += 3;
            }
            try
            {
                StrictUtf8.GetString(run[..count]);
            }
            catch (DecoderFallbackException)
            {
                problem = "the path contains percent-encoded bytes that are not UTF-8";
                return false;
            }
            for (var b = 0; b < count; b++)
            {
                var value = run[b];
                if (value < 0x20 || value == 0x7f)
                {
                    problem = "the path contains an encoded control character";
                    return false;
                }
                if (value == (byte)'\\')
                {
                    problem = "the path contains an encoded backslash";
                    return false;
                }
                var next = runStart + 3 * (b + 1);
                if (value == (byte)'%' && StartsAnEscape(raw[next..]))
                {
                    problem = "the path is percent-encoded more than once";
                    return false;
                }
                if (IsUnreserved(value))
                {
                    builder.Append((char)value);
                }
                else
                {
                    builder.Append('%').Append(ToHex(value >> 4)).Append(ToHex(value & 0xf));
                }
            }
        }
        segment = builder.ToString();
        problem = null;
        return true;
    }

    /// <summary>
    /// "." or "..", as the most lenient upstream reads a segment: with <c>;parameters</c> cut (Tomcat reads "..;x" as
    /// ".."), and with an encoded slash or semicolon decoded ("..%2F" climbs on a server that decodes before it splits).
    /// </summary>
    private static bool IsDotSegment(string segment)
    {
        var lenient = segment.Replace("%2F", "/", StringComparison.Ordinal).Replace("%3B", ";", StringComparison.Ordinal);
        foreach (var part in lenient.Split('/'))
        {
            var semicolon = part.IndexOf(';', StringComparison.Ordinal);
            if ((semicolon < 0 ? part : part[..semicolon]) is "." or "..")
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Where a segment's parameters start: at its first ';' or encoded ';' (%3B); -1 without any.</summary>
    internal static int ParametersStart(ReadOnlySpan<char> segment)
    {
        var raw = segment.IndexOf(';');
        var encoded = segment.IndexOf("%3B", StringComparison.Ordinal);
        return raw < 0 ? encoded : encoded < 0 ? raw : Math.Min(raw, encoded);
    }

    /// <summary>Whether a decoder would read an escape here: %XX, or IIS's %uXXXX once the '%' is decoded.</summary>
    private static bool StartsAnEscape(ReadOnlySpan<char> rest) =>
        (rest.Length >= 2 && char.IsAsciiHexDigit(rest[0]) && char.IsAsciiHexDigit(rest[1])) || (rest.Length >= 1 && rest[0] is 'u' or 'U');

    private static bool IsUnreserved(byte value) =>
        char.IsAsciiLetterOrDigit((char)value) || value is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    private static char ToHex(int nibble) => (char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
