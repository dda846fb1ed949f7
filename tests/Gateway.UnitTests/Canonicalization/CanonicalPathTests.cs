using Gateway.Canonicalization;

namespace Gateway.UnitTests.Canonicalization;

public sealed class CanonicalPathTests
{
    [Theory]
    [InlineData("/orders/1")]
    [InlineData("/files/report.v2.pdf")]
    [InlineData("/a%20b/%E2%82%AC")]
    [InlineData("/...")]
    [InlineData("/a/.hidden")]
    [InlineData("/a/100%25/x")]
    [InlineData("/a/50%25off")]
    [InlineData("/a/%3F/%23/%25")]
    public void Leaves_canonical_paths_alone(string path)
    {
        Assert.True(CanonicalPath.TryCreate(path, out var canonical, out _));
        Assert.Equal(path, canonical.Value);
        Assert.Equal(path, canonical.RoutingValue);
    }

    [Theory]
    [InlineData("/a//b", "/a/b")]
    [InlineData("//a", "/a")]
    [InlineData("/a///b//", "/a/b/")]
    [InlineData("/%61dmin/%75sers", "/admin/users")]
    [InlineData("/%41%44%4D%49%4E", "/ADMIN")]
    [InlineData("/a%2Db%5Fc%2Ed%7Ee", "/a-b_c.d~e")]
    [InlineData("/a/%c3%a9/%e2%82%ac", "/a/%C3%A9/%E2%82%AC")]
    [InlineData("/a/%3f%20", "/a/%3F%20")]
    public void Decodes_unreserved_escapes_and_upper_cases_the_others(string path, string expected)
    {
        Assert.True(CanonicalPath.TryCreate(path, out var canonical, out var problem), problem);
        Assert.Equal(expected, canonical.Value);
    }

    [Theory]
    [InlineData("/admin;x=1/users", "/admin/users")]
    [InlineData("/admin/users;jsessionid=1", "/admin/users")]
    [InlineData("/a;b;c/d;", "/a/d")]
    [InlineData("/admin%3bx/users", "/admin/users")]
    [InlineData("/admin%3B/users;a%3Bb", "/admin/users")]
    public void Routes_on_the_path_without_matrix_parameters_and_keeps_them_for_forwarding(string path, string routing)
    {
        Assert.True(CanonicalPath.TryCreate(path, out var canonical, out _));
        Assert.True(canonical.HasMatrixParams);
        Assert.Equal(routing, canonical.RoutingValue);
        Assert.Equal(path.Replace("%3b", "%3B", StringComparison.Ordinal), canonical.Value);
    }

    [Theory]
    [InlineData("/a%2Fb")]
    [InlineData("/a%2fb/c")]
    public void Flags_encoded_slashes(string path)
    {
        Assert.True(CanonicalPath.TryCreate(path, out var canonical, out _));
        Assert.True(canonical.EncodedSlashes);
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
    [InlineData("/api/%2561dmin")]
    [InlineData("/api/%%36%31dmin")]
    [InlineData("/;x/admin")]
    [InlineData("/%3bx/admin")]
    [InlineData("/api/%zz")]
    [InlineData("/api/%")]
    [InlineData("/api/%2")]
    [InlineData("/api/a b")]
    [InlineData("/api/a#b")]
    [InlineData("/api/ü")]
    [InlineData("/api/\u2028")]
    [InlineData("relative")]
    [InlineData("")]
    public void Refuses_paths_with_no_single_reading(string path) =>
        Assert.False(CanonicalPath.TryCreate(path, out _, out _));
}
