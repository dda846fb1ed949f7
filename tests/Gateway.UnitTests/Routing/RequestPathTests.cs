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
    [InlineData("relative")]
    [InlineData("")]
    public void Refuses_paths_that_could_escape_a_prefix(string path) =>
        Assert.False(RequestPath.TryNormalize(path, out _, out _));
}
