namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// The bearer token or tenant key the gateway verified stays at the gateway (Kong's <c>hide_credentials</c>), unless
/// the route says <c>hideCredentials: false</c>; the upstream learns the caller from the identity headers.
/// </summary>
public sealed class HideCredentialsTests
{
    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task A_verified_credential_is_not_forwarded_unless_the_route_asks(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("GET", "/admin/users", ("x-api-key", "gw_not_for_upstream")) { Caller = new("alice") })).Status);
        var hidden = edge.Upstream.Last;
        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("GET", "/delegated/users") { Caller = new("alice") })).Status);
        var forwarded = edge.Upstream.Last;

        Assert.Null(hidden.Header("Authorization"));
        Assert.Null(hidden.Header("x-api-key"));
        Assert.Equal("alice", hidden.Header("X-User-ID"));
        Assert.StartsWith("Bearer ", forwarded.Header("Authorization"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task A_public_route_forwards_the_clients_authorization_untouched(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("GET", "/items/1", ("Authorization", "Basic dXNlcjpwYXNz")))).Status);

        Assert.Equal("Basic dXNlcjpwYXNz", edge.Upstream.Last.Header("Authorization"));
    }
}
