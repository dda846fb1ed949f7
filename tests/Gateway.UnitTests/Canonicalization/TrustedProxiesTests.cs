using System.Net;
using Gateway.Canonicalization;
using Gateway.Http;

namespace Gateway.UnitTests.Canonicalization;

public sealed class TrustedProxiesTests
{
    private static readonly TrustedProxies LoadBalancers = new([IPNetwork.Parse("10.0.0.0/8")]);

    [Fact]
    public void An_untrusted_peer_is_the_client_whatever_it_writes()
    {
        var (client, chain) = LoadBalancers.Resolve(IPAddress.Parse("203.0.113.9"), Forwarded("1.2.3.4"));

        Assert.Equal(IPAddress.Parse("203.0.113.9"), client);
        Assert.Null(chain);
    }

    [Fact]
    public void Behind_trusted_proxies_the_client_is_the_first_address_none_of_them_is()
    {
        var (client, chain) = LoadBalancers.Resolve(IPAddress.Parse("10.0.0.2"), Forwarded("6.6.6.6, 198.51.100.7, 10.0.0.1"));

        Assert.Equal(IPAddress.Parse("198.51.100.7"), client);
        Assert.Equal("198.51.100.7, 10.0.0.1, 10.0.0.2", chain);
    }

    [Fact]
    public void What_a_trusted_proxy_did_not_write_cleanly_is_not_evidence()
    {
        var (client, _) = LoadBalancers.Resolve(IPAddress.Parse("10.0.0.2"), Forwarded("198.51.100.7, garbage"));

        Assert.Equal(IPAddress.Parse("10.0.0.2"), client);
    }

    [Fact]
    public void No_trusted_proxies_reads_no_header()
    {
        var (client, chain) = TrustedProxies.None.Resolve(IPAddress.Parse("10.0.0.2"), Forwarded("198.51.100.7"));

        Assert.Equal(IPAddress.Parse("10.0.0.2"), client);
        Assert.Null(chain);
    }

    private static HeaderCollection Forwarded(string value)
    {
        var headers = new HeaderCollection();
        headers.Add("X-Forwarded-For", value);
        return headers;
    }
}
