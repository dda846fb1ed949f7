using Gateway.Canonicalization;

namespace Gateway.UnitTests.Canonicalization;

public sealed class CanonicalMethodTests
{
    [Theory]
    [InlineData("GET")]
    [InlineData("DELETE")]
    [InlineData("PROPFIND")]
    [InlineData("M-SEARCH")]
    public void Accepts_upper_case_tokens(string method) => Assert.True(CanonicalMethod.IsAccepted(method, out _));

    [Theory]
    [InlineData("get")]
    [InlineData("Delete")]
    [InlineData("dELETE")]
    [InlineData("propfind")]
    [InlineData("GE T")]
    [InlineData("CONNECT")]
    [InlineData("TRACE")]
    [InlineData("")]
    public void Refuses_every_other_spelling(string method) => Assert.False(CanonicalMethod.IsAccepted(method, out _));
}
