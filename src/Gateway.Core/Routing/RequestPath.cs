using System.Buffers;

namespace Gateway.Routing;

/// <summary>
/// Guards the path before it is routed or forwarded. A path that could climb out of a route's prefix on the
/// upstream (dot segments in any encoding, backslashes, NUL) is refused rather than repaired: a client that sends one
/// is either broken or probing. Doubled slashes are collapsed, which is what upstream servers would do anyway.
/// </summary>
public static class RequestPath
{
    private const int MaxDecodePasses = 3;
    private static readonly SearchValues<char> Suspicious = SearchValues.Create("%.\\");

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
            if (segment is "." or "..")
            {
                problem = "the path contains a dot segment";
                return true;
            }
            return false;
        }
        var decoded = segment.ToString();
        for (var pass = 0; pass < MaxDecodePasses && decoded.Contains('%'); pass++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
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
            if (part is "." or "..")
            {
                problem = "the path contains a dot segment";
                return true;
            }
        }
        return false;
    }

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
