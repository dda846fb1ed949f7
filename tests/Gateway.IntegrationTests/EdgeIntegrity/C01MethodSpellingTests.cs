namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 1: a method spelled in another case skipped the method-specific authenticated route, fell through to a
/// public one, and reached the upstream upper-cased. Methods are accepted only in upper case, on both hosts.
/// </summary>
public sealed class C01MethodSpellingTests
{
    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task A_method_in_another_case_is_refused_before_routing(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        foreach (var method in new[] { "delete", "Delete", "dELETE", "get", "Post", "head", "CONNECT", "TRACE" })
        {
            var answer = await edge.SendAsync(new EdgeRequest(method, "/items/1"));
            Assert.True(answer.Status == 400, $"{method}: {answer}");
            Assert.Contains("\"code\":\"invalid_request\"", answer.Body, StringComparison.Ordinal);
        }
        Assert.Equal(0, edge.Upstream.HitCount);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task The_canonical_method_takes_the_method_specific_route(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        Assert.Equal(401, (await edge.SendAsync(new EdgeRequest("DELETE", "/items/1"))).Status);
        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("DELETE", "/items/1") { Caller = new("alice") })).Status);
        Assert.Equal("DELETE", edge.Upstream.Last.Method);
        Assert.Equal(1, edge.Upstream.HitCount);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task A_method_override_header_never_reaches_the_upstream(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        var answer = await edge.SendAsync(new EdgeRequest("POST", "/items/1",
            ("X-HTTP-Method-Override", "DELETE"), ("X-HTTP-Method", "DELETE"), ("X-Method-Override", "DELETE"), ("x_http_method_override", "DELETE")));

        Assert.Equal(200, answer.Status);
        var received = edge.Upstream.Last;
        Assert.Equal("POST", received.Method);
        Assert.DoesNotContain(received.Headers.Keys, name => name.Contains("method", StringComparison.OrdinalIgnoreCase));
    }
}
