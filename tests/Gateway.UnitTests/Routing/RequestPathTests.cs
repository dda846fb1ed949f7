using Gateway.Routing;

namespace Gateway.UnitTests.Routing;

public sealed class RequestPathTests
{
    [Theory]
    [InlineData("/orders/1")]
    [InlineData("/files/report.v2.pdf")]
    [InlineData("/a%20b/%E2%82%AC")]
    [InlineData("/...")]
    [InlineData("/a/.hidden")]
    [InlineData("/a/%c3%a9/%e2%82%ac/%ef%bc%8e%ef%bc%8e")]
    [InlineData("/a/100%25/%zz/%/%2")]
    [InlineData("/a/%u2025/%u/%u00")]
    [InlineData("/a;v=1/b;c/...;x")]
    [InlineData("/a/%25252e%25252e%25252e/%252525")]
    public void Leaves_ordinary_paths_alone(string path)
    {
        Assert.True(RequestPath.TryNormalize(path, out var normalized, out _));
        Assert.Equal(path, normalized);
    }

    [Theory]
    [InlineData("/a//b", "/a/b")]
    [InlineData("//a", "/a")]
    [InlineData("/a///b//", "/a/b/")]
    public void Collapses_doubled_slashes(string path, string expected)
    {
        Assert.True(RequestPath.TryNormalize(path, out var normalized, out _));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("/api/../admin")]
    [InlineData("/api/./admin")]
    [InlineData("/api/%2e%2e/admin")]
    [InlineData("/api/%2E%2e/admin")]
    [InlineData("/api/.%2e/admin")]
    [InlineData("/api/%252e%252e/admin")]
    [InlineData("/api/..%2fadmin")]
    [InlineData("/api/%2e%2e%2fadmin")]
    [InlineData("/api/..\\admin")]
    [InlineData("/api/%5c..%5cadmin")]
    [InlineData("/api/a%00b")]
    [InlineData("/api/a\0b")]
    [InlineData("/api/a%0d%0aSet-Cookie:x")]
    [InlineData("/api/%c0%ae%c0%ae/admin")]
    [InlineData("/api/%e0%80%ae%e0%80%ae/admin")]
    [InlineData("/api/..%c0%af/admin")]
    [InlineData("/api/..%c1%9c/admin")]
    [InlineData("/api/%ff")]
    [InlineData("/api/%e2%82")]
    [InlineData("/api/%25c0%25ae%25c0%25ae/admin")]
    [InlineData("/api/%u002e%u002e/admin")]
    [InlineData("/api/%U002E./admin")]
    [InlineData("/api/..%u005cadmin")]
    [InlineData("/api/%25u002e%25u002e/admin")]
    [InlineData("/api/..;/admin")]
    [InlineData("/api/..;jsessionid=1/admin")]
    [InlineData("/api/.;/admin")]
    [InlineData("/api/%2e%2e;/admin")]
    [InlineData("/api/..%3b/admin")]
    [InlineData("/api/%2525252e%2525252e/admin")]
    [InlineData("/api/%25252525")]
    [InlineData("/api/a b")]
    [InlineData("/api/a#b")]
    [InlineData("/api/ü")]
    [InlineData("/api/\u2028")]
    [InlineData("relative")]
    [InlineData("")]
    public void Refuses_paths_that_could_escape_a_prefix(string path) =>
        Assert.False(RequestPath.TryNormalize(path, out _, out _));
}
