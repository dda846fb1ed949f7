namespace Gateway.Canonicalization;

/// <summary>
/// The host a request addressed, in the one spelling host routes match and upstreams receive: lower-case, without
/// the trailing dot of a fully qualified name, and apart from its port ("Admin.Example.com.:8443" is
/// "admin.example.com", port 8443).
/// </summary>
/// <remarks>
/// Names arrive in their ASCII form: HTTP's Host is a URI host, so browsers send an internationalized name as its
/// xn-- labels. A raw non-ASCII name is refused rather than converted, because converting it faithfully needs
/// UTS #46's mapping tables (full-width letters, for one, map to ASCII ones), which this runtime does not carry in
/// invariant globalization mode: converted without them, "ａdmin.example.com" would pass for a host other than the
/// one a browser or an upstream reads.
/// </remarks>
public static class CanonicalHost
{
    public static bool TryCreate(string? host, out string? canonical, out string? problem) =>
        TryCreate(host, out canonical, out _, out problem);

    public static bool TryCreate(string? host, out string? canonical, out int? port, out string? problem)
    {
        canonical = null;
        port = null;
        problem = null;
        if (string.IsNullOrEmpty(host))
        {
            return true;
        }
        if (host.AsSpan().ContainsAnyExceptInRange('\x21', '\x7e'))
        {
            problem = $"the Host \"{Printable(host)}\" is not an ASCII host name; send internationalized names in their xn-- form";
            return false;
        }
        var name = WithoutPort(host, out port);
        if (name is null)
        {
            problem = $"the Host \"{Printable(host)}\" has an invalid port";
            return false;
        }
        if (name.Length > 1 && name[^1] == '.' && name[0] != '[')
        {
            name = name[..^1];
        }
        if (name.Length == 0 || name[^1] == '.')
        {
            problem = $"the Host \"{Printable(host)}\" is not a host name or address";
            return false;
        }
        var kind = Uri.CheckHostName(name.TrimStart('[').TrimEnd(']'));
        if (kind == UriHostNameType.Unknown || name.Contains('%') || (name[0] == '[') != (kind == UriHostNameType.IPv6))
        {
            problem = $"the Host \"{Printable(host)}\" is not a host name or address";
            return false;
        }
        canonical = name.ToLowerInvariant();
        return true;
    }

    /// <summary>The name without a ":port" suffix, or null when what follows the last colon is not a port.</summary>
    private static string? WithoutPort(string host, out int? port)
    {
        port = null;
        var bracket = host.LastIndexOf(']');
        var colon = host.LastIndexOf(':');
        if (colon < 0 || colon < bracket || (host[0] != '[' && host.IndexOf(':') != colon))
        {
            // No port; or an IPv6 address without brackets, which CheckHostName judges.
            return host;
        }
        var digits = host.AsSpan(colon + 1);
        if (digits.Length is 0 or > 5 || digits.ContainsAnyExceptInRange('0', '9') || int.Parse(digits) > 65535)
        {
            return null;
        }
        port = int.Parse(digits);
        return host[..colon];
    }

    private static string Printable(string host) => host.Length <= 100 && !host.AsSpan().ContainsAnyInRange('\0', '\x1f') ? host : "…";
}
