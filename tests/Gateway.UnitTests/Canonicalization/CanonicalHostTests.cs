using Gateway.Canonicalization;

namespace Gateway.UnitTests.Canonicalization;

public sealed class CanonicalHostTests
{
    [Theory]
    [InlineData("admin.example.com", "admin.example.com")]
    [InlineData("ADMIN.Example.COM", "admin.example.com")]
    [InlineData("admin.example.com.", "admin.example.com")]
    [InlineData("admin.example.com:8443", "admin.example.com")]
    [InlineData("Admin.Example.com.:443", "admin.example.com")]
    [InlineData("XN--DMIN-KOA.example.com", "xn--dmin-koa.example.com")]
    [InlineData("127.0.0.1:8080", "127.0.0.1")]
    [InlineData("[::1]:8080", "[::1]")]
    [InlineData("[::1]", "[::1]")]
    public void Spells_equivalent_hosts_one_way(string host, string expected)
    {
        Assert.True(CanonicalHost.TryCreate(host, out var canonical, out var problem), problem);
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData("admin.example.com:evil")]
    [InlineData("admin.example.com:99999")]
    [InlineData("admin.example.com..")]
    [InlineData("ädmin.example.com")]
    [InlineData("ａdmin.example.com")]
    [InlineData("admin%2Eexample.com")]
    [InlineData("admin example.com")]
    [InlineData("user@admin.example.com")]
    [InlineData("admin.example.com/x")]
    [InlineData("::1")]
    [InlineData(".")]
    public void Refuses_hosts_with_no_single_reading(string host) =>
        Assert.False(CanonicalHost.TryCreate(host, out _, out _));

    [Fact]
    public void A_request_without_a_host_has_none() =>
        Assert.True(CanonicalHost.TryCreate(null, out var canonical, out _) && canonical is null);
}
