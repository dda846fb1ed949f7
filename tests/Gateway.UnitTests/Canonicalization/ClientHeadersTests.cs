using Gateway.Canonicalization;
using Gateway.Http;

namespace Gateway.UnitTests.Canonicalization;

public sealed class ClientHeadersTests
{
    [Theory]
    [InlineData("X-User-ID")]
    [InlineData("x_user_id")]
    [InlineData("X-Forwarded-For")]
    [InlineData("X-Forwarded-Prefix")]
    [InlineData("x_forwarded_host")]
    [InlineData("X-Forwarded-Anything")]
    [InlineData("Forwarded")]
    [InlineData("X-Real-IP")]
    [InlineData("X-Original-URL")]
    [InlineData("X-Rewrite-URL")]
    [InlineData("X-HTTP-Method-Override")]
    [InlineData("x-http-method")]
    [InlineData("X-Method-Override")]
    public void Removes_the_headers_only_the_gateway_sends(string name)
    {
        var headers = new HeaderCollection();
        headers.Add(name, "forged");
        headers.Add("Accept", "application/json");

        ClientHeaders.Sanitize(headers);

        Assert.Null(headers.Get(name));
        Assert.Equal("application/json", headers.Get("Accept"));
    }

    [Fact]
    public void Removes_what_the_clients_connection_header_lists_and_every_hop_by_hop_header()
    {
        var headers = new HeaderCollection();
        headers.Add("Connection", "keep-alive, X-Debug");
        headers.Add("connection", "X-Trace-Me");
        headers.Add("X-Debug", "1");
        headers.Add("X-Trace-Me", "1");
        headers.Add("Keep-Alive", "timeout=5");
        headers.Add("TE", "trailers");
        headers.Add("Upgrade", "websocket");
        headers.Add("X-Kept", "1");

        ClientHeaders.Sanitize(headers);

        Assert.Equal(["X-Kept"], headers.AsSpan().ToArray().Select(h => h.Key));
    }

    [Theory]
    [InlineData("X-Kept")]
    [InlineData("x-kept")]
    public void Keeps_ordinary_end_to_end_headers(string name)
    {
        var headers = new HeaderCollection();
        headers.Add(name, "1");
        ClientHeaders.Sanitize(headers);
        Assert.Equal("1", headers.Get(name));
    }
}
