using System.Collections.Frozen;
using Gateway.Http;
using Gateway.Identity;

namespace Gateway.Canonicalization;

/// <summary>
/// Removes from a client's request the headers the gateway owns, before any policy reads or adds headers: what the
/// client's <c>Connection</c> lists and the other hop-by-hop headers, the identity headers, the forwarding headers
/// and the method overrides. Removing them here, once, is what keeps a client from erasing the gateway's headers
/// (a <c>Connection: X-User-ID</c> applied at forwarding time would remove the identity the gateway set) and from
/// forging them (an upstream trusting <c>X-Forwarded-For</c> or <c>X-Original-URL</c>).
/// </summary>
public static class ClientHeaders
{
    /// <summary>
    /// Names only the gateway may send upstream. Compared with '_' read as '-': CGI-style upstreams (WSGI, Rack,
    /// PHP) read <c>X_User_ID</c> as <c>X-User-ID</c>.
    /// </summary>
    private static readonly string[] Owned =
    [
        IdentityHeaders.UserId, IdentityHeaders.TenantId, IdentityHeaders.OrgId, IdentityHeaders.Plan,
        IdentityHeaders.Roles, IdentityHeaders.Scopes,
        // Where the request came from: the gateway states it (X-Forwarded-For/Proto/Host), nobody else.
        "Forwarded", "X-Real-IP", "X-Client-IP", "True-Client-IP", "X-Cluster-Client-IP", "Client-IP", "X-ProxyUser-IP",
        "CF-Connecting-IP", "Fastly-Client-IP", "X-Envoy-External-Address", "X-Original-Forwarded-For",
        // What the request was: IIS, Symfony, Zend and nginx setups route on these instead of the request line.
        "X-Original-URL", "X-Rewrite-URL", "X-Original-URI", "X-Envoy-Original-Path", "X-Original-Host", "X-Host",
        "X-Original-Method",
        // Method overrides: a POST the gateway authorized as POST would run as DELETE.
        "X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override",
    ];

    private const string ForwardedPrefix = "X-Forwarded-";

    private static readonly FrozenSet<string> Removed = Owned.Concat(HopByHopHeaders.Names).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static void Sanitize(HeaderCollection headers)
    {
        if (headers.GetCombined(HeaderNames.Connection) is { } connection)
        {
            foreach (var listed in HopByHopHeaders.Listed(connection))
            {
                headers.Remove(listed);
            }
        }
        headers.RemoveAll(IsRemoved);
    }

    private static bool IsRemoved(string name) =>
        Removed.Contains(name) || name.StartsWith(ForwardedPrefix, StringComparison.OrdinalIgnoreCase) ||
        (name.Contains('_') && IsRemoved(name.Replace('_', '-')));
}
