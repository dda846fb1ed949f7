namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 5: names a client listed in its Connection header removed the headers the gateway set (identity after
/// authentication, transform headers). They now remove only the client's own headers, before the gateway adds its.
/// </summary>
public sealed class C05ConnectionHeaderTests
{
    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task The_clients_connection_header_cannot_remove_what_the_gateway_sets(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        var answer = await edge.SendAsync(new EdgeRequest("GET", "/transformed/x",
            ("Connection", "X-User-ID, X-Added-By-Gateway"), ("Connection", "X-Request-ID, X-Forwarded-For, x_user_id, X-Client-Own"),
            ("X-Client-Own", "dropped as the client asked")) { Caller = new("alice") });

        Assert.Equal(200, answer.Status);
        var received = edge.Upstream.Last;
        Assert.Equal("alice", received.Header("X-User-ID"));
        Assert.Equal("yes", received.Header("X-Added-By-Gateway"));
        Assert.NotNull(received.Header("X-Request-ID"));
        Assert.NotNull(received.Header("X-Forwarded-For"));
        Assert.Null(received.Header("X-Client-Own"));
    }
}
