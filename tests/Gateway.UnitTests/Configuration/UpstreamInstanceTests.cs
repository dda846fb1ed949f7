using Gateway.Configuration;

namespace Gateway.UnitTests.Configuration;

public sealed class UpstreamInstanceTests
{
    [Theory]
    [InlineData("http://orders.test", "http://orders.test")]
    [InlineData("http://orders.test:8080/", "http://orders.test:8080")]
    [InlineData("https://users.test/v1", "https://users.test/v1")]
    [InlineData("https://users.test/v1/", "https://users.test/v1")]
    public void The_forwarding_prefix_is_the_url_without_a_trailing_slash(string url, string prefix) =>
        Assert.Equal(prefix, new UpstreamInstance(new Uri(url), 1).ForwardingPrefix);

    [Fact]
    public void A_copy_with_another_url_forwards_under_that_url()
    {
        // The prefix is kept with the URL for every request's sake; a copy must not keep the old one.
        var moved = new UpstreamInstance(new Uri("http://old.test/a"), 1) with { Url = new Uri("http://new.test/b/") };

        Assert.Equal("http://new.test/b", moved.ForwardingPrefix);
    }
}
