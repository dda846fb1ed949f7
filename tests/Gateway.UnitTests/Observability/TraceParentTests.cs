using Gateway.Http;
using Gateway.Observability.Tracing;
using Gateway.Testing;

namespace Gateway.UnitTests.Observability;

public sealed class TraceParentTests
{
    private const string Valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    [Theory]
    [InlineData(Valid, true)]
    [InlineData("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", true)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", false)]
    [InlineData("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", false)]
    [InlineData("00-00000000000000000000000000000000-00f067aa0ba902b7-01", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", false)]
    [InlineData("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", false)]
    [InlineData("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7", false)]
    [InlineData("garbage", false)]
    public void Validates_version_00_syntax(string value, bool valid) => Assert.Equal(valid, TraceParent.IsValid(value));

    [Fact]
    public void Generated_values_are_valid_and_unique()
    {
        var generated = Enumerable.Range(0, 100).Select(_ => TraceParent.Generate()).ToArray();

        Assert.All(generated, value => Assert.True(TraceParent.IsValid(value), value));
        Assert.Equal(100, generated.Distinct().Count());
    }

    [Fact]
    public async Task A_valid_traceparent_and_its_tracestate_reach_the_upstream_unchanged()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build("services: { s: { url: http://u.test } }\nroutes: [ { path: /a, service: s } ]", upstream);

        await gateway.HandleAsync(Requests.Create("GET", "/a", headers: [("traceparent", Valid), ("tracestate", "vendor=1"), ("X-Amzn-Trace-Id", "Root=1-abc")]), Requests.Anonymous);

        Assert.Equal(Valid, upstream.LastRequest.Headers.GetValues("traceparent").Single());
        Assert.Equal("vendor=1", upstream.LastRequest.Headers.GetValues("tracestate").Single());
        Assert.Equal("Root=1-abc", upstream.LastRequest.Headers.GetValues("X-Amzn-Trace-Id").Single());
    }

    [Fact]
    public async Task A_missing_traceparent_is_generated_and_a_malformed_one_replaced_without_its_tracestate()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build("services: { s: { url: http://u.test } }\nroutes: [ { path: /a, service: s } ]", upstream);

        await gateway.HandleAsync(Requests.Create("GET", "/a"), Requests.Anonymous);
        var generated = upstream.LastRequest.Headers.GetValues("traceparent").Single();
        await gateway.HandleAsync(Requests.Create("GET", "/a", headers: [("traceparent", "00-bogus"), ("tracestate", "vendor=1")]), Requests.Anonymous);

        Assert.True(TraceParent.IsValid(generated));
        Assert.True(TraceParent.IsValid(upstream.LastRequest.Headers.GetValues("traceparent").Single()));
        Assert.False(upstream.LastRequest.Headers.Contains("tracestate"));
    }

    [Fact]
    public void Ensure_leaves_a_valid_header_alone()
    {
        var headers = new HeaderCollection();
        headers.Add("traceparent", Valid);

        TraceParent.Ensure(headers);

        Assert.Equal(Valid, headers.Get("traceparent"));
    }
}
