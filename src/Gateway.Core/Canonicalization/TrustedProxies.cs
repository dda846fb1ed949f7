using System.Net;
using Gateway.Http;

namespace Gateway.Canonicalization;

/// <summary>
/// Who the client is when the gateway sits behind proxies of its own (<c>gateway.trustedProxies</c>). The connection's
/// peer is the client unless it is a trusted proxy; then <c>X-Forwarded-For</c> is read from the right, past every
/// trusted address, and the first address no trusted proxy vouches for is the client. Entries left of it are what
/// the client claimed, and are dropped. With no trusted proxies (the default) no header is read at all.
/// </summary>
public sealed class TrustedProxies(IReadOnlyList<IPNetwork> networks)
{
    public static TrustedProxies None { get; } = new([]);

    public bool IsEmpty => networks.Count == 0;

    /// <summary>
    /// The client address and the <c>X-Forwarded-For</c> chain the gateway vouches for (the client, then the trusted
    /// proxies it came through, ending with the peer); the chain is null when the peer is the client.
    /// </summary>
    public (IPAddress? Client, string? Chain) Resolve(IPAddress? peer, HeaderCollection headers)
    {
        if (peer is null || !IsTrusted(peer))
        {
            return (peer, null);
        }
        var hops = new List<IPAddress> { peer };
        if (headers.GetCombined(HeaderNames.XForwardedFor) is { } forwardedFor)
        {
            var entries = forwardedFor.Split(',', StringSplitOptions.TrimEntries);
            for (var i = entries.Length - 1; i >= 0 && IsTrusted(hops[^1]); i--)
            {
                if (!IPAddress.TryParse(entries[i], out var address))
                {
                    break; // what a trusted proxy did not write cleanly is not evidence
                }
                hops.Add(address);
            }
        }
        hops.Reverse();
        return (hops[0], string.Join(", ", hops));
    }

    private bool IsTrusted(IPAddress address)
    {
        var mapped = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var network in networks)
        {
            if (network.Contains(mapped))
            {
                return true;
            }
        }
        return false;
    }
}
