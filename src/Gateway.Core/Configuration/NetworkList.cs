using System.Net;

namespace Gateway.Configuration;

/// <summary>A list of networks in a configuration file (IP filters, trusted proxies).</summary>
internal static class NetworkList
{
    /// <summary>CIDR blocks, or single addresses (a /32 or /128). <paramref name="listed"/> counts the entries, valid or not.</summary>
    public static IPNetwork[] Read(ConfigNode node, out int listed)
    {
        var networks = new List<IPNetwork>();
        var texts = node.StringList();
        listed = texts.Count;
        foreach (var text in texts)
        {
            var slash = text.IndexOf('/');
            if (slash > 0 && IPNetwork.TryParse(text, out var network) && IPAddress.TryParse(text.AsSpan(0, slash), out var written) && written.Equals(network.BaseAddress))
            {
                networks.Add(network);
            }
            else if (slash < 0 && text.AsSpan().IndexOfAny('.', ':') >= 0 && IPAddress.TryParse(text, out var address))
            {
                networks.Add(new IPNetwork(address, address.GetAddressBytes().Length * 8));
            }
            else
            {
                var hint = slash > 0 && IPNetwork.TryParse(text, out var masked) ? $" (did you mean {masked}?)" : string.Empty;
                node.Error($"\"{text}\" is not an address or a CIDR block (address/prefix, with no bits set past the prefix){hint}");
            }
        }
        return networks.ToArray();
    }
}
