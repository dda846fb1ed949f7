namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 4: client-sent forwarding headers and bodies on GET reached the upstream outside every key. The gateway
/// owns the forwarding headers and refuses bodies on GET and HEAD.
/// </summary>
public sealed class C04ForwardingHeadersTests
{
    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Client_forwarding_headers_never_reach_the_upstream(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        var answer = await edge.SendAsync(new EdgeRequest("GET", "/items/1",
            ("X-Forwarded-For", "6.6.6.6"), ("Forwarded", "for=6.6.6.6;host=evil.test"), ("X-Forwarded-Prefix", "/evil"),
            ("X-Forwarded-Host", "evil.test"), ("X-Forwarded-Proto", "gopher"), ("X-Forwarded-Port", "1"), ("X-Real-IP", "6.6.6.6"),
            ("X-Original-URL", "/admin/users"), ("X-Rewrite-URL", "/admin/users"), ("X_Forwarded_For", "6.6.6.6")));

        Assert.Equal(200, answer.Status);
        var received = edge.Upstream.Last;
        Assert.DoesNotContain(received.Headers, header => header.Value.Any(value => value.Contains("6.6.6.6") || value.Contains("evil") || value.Contains("/admin")));
        Assert.Null(received.Header("Forwarded"));
        Assert.Null(received.Header("X-Forwarded-Prefix"));
        Assert.Null(received.Header("X-Original-URL"));
        Assert.Equal(kind == EdgeHostKind.Serve ? "127.0.0.1" : EdgeHost.SourceIp, received.Header("X-Forwarded-For"));
        Assert.Equal("gateway.test", received.Header("X-Forwarded-Host"));
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task A_body_on_get_or_head_is_refused(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        var get = await edge.SendAsync(new EdgeRequest("GET", "/items/1") { Body = "{\"smuggled\":true}" });
        var head = await edge.SendAsync(new EdgeRequest("HEAD", "/items/1") { Body = "x" });

        Assert.Equal(400, get.Status);
        Assert.Contains("\"code\":\"invalid_request\"", get.Body, StringComparison.Ordinal);
        Assert.Equal(400, head.Status);
        Assert.Equal(0, edge.Upstream.HitCount);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_the_client_is_read_from_its_x_forwarded_for()
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(EdgeHostKind.Serve, EdgeRoutes.Yaml, "gateway: { name: edge, trustedProxies: [127.0.0.0/8] }");

        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("GET", "/items/1", ("X-Forwarded-For", "6.6.6.6, 198.51.100.7")))).Status);

        // 6.6.6.6 is what the client claimed to the trusted proxy; 198.51.100.7 is who the proxy saw.
        Assert.Equal("198.51.100.7, 127.0.0.1", edge.Upstream.Last.Header("X-Forwarded-For"));
    }
}
