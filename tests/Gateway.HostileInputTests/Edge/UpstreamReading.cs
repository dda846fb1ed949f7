using System.Text;
using Gateway.HostileInputTests.Corpus;
using Gateway.Testing;

namespace Gateway.HostileInputTests.Edge;

/// <summary>
/// What an upstream could take a forwarded request for, read as leniently as any upstream reads it: the method upper-
/// cased (or replaced by a method-override header, as frameworks honour them), the path decoded until nothing changes
/// with dot segments resolved and <c>;parameters</c> cut (<see cref="PathOracle"/>), once with <c>%2F</c> read as a
/// separator and once as a character of its segment, letters folded to lower case; the host as DNS reads it.
/// </summary>
public sealed record UpstreamReading(string Method, IReadOnlyList<IReadOnlyList<string>> Paths, string? Host)
{
    /// <summary>Headers with which frameworks let a request name another method.</summary>
    public static readonly string[] MethodOverrides = ["X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override"];

    private const char EncodedSlash = '\uE000';

    public static UpstreamReading Of(ReceivedRequest received)
    {
        var overridden = MethodOverrides.Select(received.Header).FirstOrDefault(value => value is not null);
        var path = WithoutQuery(received.RawTarget);
        return new UpstreamReading(
            (overridden ?? received.Method).Trim().ToUpperInvariant(),
            [Segments(PathOracle.Resolve(path)), Segments(PathOracle.Resolve(KeepEncodedSlashes(path)))],
            CanonicalHostReading(received.Header("X-Forwarded-Host")));
    }

    /// <summary>The path as the client sent it, read the same way (an absolute-form target read for its path).</summary>
    public static string ClientPath(string target)
    {
        var path = WithoutQuery(target);
        if (path.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || path.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = path.IndexOf('/', path.IndexOf("//", StringComparison.Ordinal) + 2);
            return slash < 0 ? "/" : path[slash..];
        }
        return path;
    }

    /// <summary>The authority of an absolute-form target, or null.</summary>
    public static string? ClientAuthority(string target)
    {
        if (!target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var start = target.IndexOf("//", StringComparison.Ordinal) + 2;
        var end = target.IndexOfAny(['/', '?'], start);
        return end < 0 ? target[start..] : target[start..end];
    }

    /// <summary>
    /// A host as DNS and an IDNA-aware upstream read it: UTS #46's mapping of full-width letters and ideographic full
    /// stops to ASCII (the part of it that spells ASCII names), lower case, the port and trailing dots dropped.
    /// </summary>
    public static string? CanonicalHostReading(string? host)
    {
        if (host is null)
        {
            return null;
        }
        var mapped = new StringBuilder(host.Length);
        foreach (var c in host)
        {
            mapped.Append(c switch
            {
                >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
                '\u3002' or '\uFF61' => '.',
                _ => c,
            });
        }
        var name = mapped.ToString().Trim();
        var bracket = name.LastIndexOf(']');
        var colon = name.LastIndexOf(':');
        if (colon > bracket && name.IndexOf(':') == colon)
        {
            name = name[..colon];
        }
        return name.TrimEnd('.').ToLowerInvariant();
    }

    public static string WithoutQuery(string target) =>
        target.IndexOf('?', StringComparison.Ordinal) is var question and >= 0 ? target[..question] : target;

    private static string KeepEncodedSlashes(string path) =>
        path.Replace("%2F", EncodedSlash.ToString(), StringComparison.OrdinalIgnoreCase);

    private static IReadOnlyList<string> Segments(string resolved) =>
        resolved.ToLowerInvariant().Split('/', StringSplitOptions.RemoveEmptyEntries);
}
