namespace Gateway.Http;

/// <summary>Headers that describe one connection (RFC 9110 §7.6.1) and must not cross a proxy.</summary>
public static class HopByHopHeaders
{
    /// <summary>The names that are hop-by-hop whatever a Connection header says.</summary>
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authorization",
        "TE", "Trailer", "Transfer-Encoding", "Upgrade", "Expect",
    };

    public static bool Contains(string name) => Names.Contains(name);

    /// <summary>True when <paramref name="name"/> is hop-by-hop or listed as such in the message's Connection header.</summary>
    public static bool IsHopByHop(string name, string? connectionHeader) =>
        Names.Contains(name) || (connectionHeader is not null && ListsToken(connectionHeader, name));

    /// <summary>Every name a Connection header value lists.</summary>
    public static IEnumerable<string> Listed(string connectionHeader)
    {
        foreach (var range in connectionHeader.Split(','))
        {
            var name = range.Trim();
            if (name.Length > 0)
            {
                yield return name;
            }
        }
    }

    private static bool ListsToken(string connectionHeader, string name)
    {
        foreach (var range in connectionHeader.AsSpan().Split(','))
        {
            if (connectionHeader.AsSpan()[range].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
