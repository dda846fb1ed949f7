using Gateway.Http;

namespace Gateway.UnitTests.Http;

public sealed class HeaderCollectionTests
{
    [Fact]
    public void Names_are_case_insensitive_and_values_keep_their_order()
    {
        var headers = new HeaderCollection();
        headers.Add("Accept", "text/html");
        headers.Add("accept", "application/json");

        Assert.Equal("text/html", headers.Get("ACCEPT"));
        Assert.Equal("text/html, application/json", headers.GetCombined("Accept"));
    }

    [Fact]
    public void Set_replaces_every_value_in_place()
    {
        var headers = new HeaderCollection();
        headers.Add("A", "1");
        headers.Add("B", "2");
        headers.Add("a", "3");

        headers.Set("A", "4");

        Assert.Equal([new("A", "4"), new("B", "2")], headers.AsSpan().ToArray());
    }

    [Fact]
    public void Remove_and_rename_touch_every_occurrence()
    {
        var headers = new HeaderCollection();
        headers.Add("X-Old", "1");
        headers.Add("X-Drop", "2");
        headers.Add("x-old", "3");
        headers.Add("x-drop", "4");

        Assert.True(headers.Remove("X-DROP"));
        headers.Rename("X-Old", "X-New");

        Assert.Equal([new("X-New", "1"), new("X-New", "3")], headers.AsSpan().ToArray());
        Assert.False(headers.Remove("X-Drop"));
    }

    [Theory]
    [InlineData("plain value", true)]
    [InlineData("tab\tis fine", true)]
    [InlineData("line\r\nInjected: yes", false)]
    [InlineData("nul\0", false)]
    [InlineData("del\u007f", false)]
    public void Unsafe_values_are_recognised(string value, bool safe) => Assert.Equal(safe, HeaderValue.IsSafe(value));
}
