namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 10: a trailing dot (and other spellings of one host) bypassed <c>host:</c> routes. The host is canonical
/// before routes match, and the upstream's X-Forwarded-Host is that canonical host.
/// </summary>
public sealed class C10HostEquivalenceTests
{
    public static TheoryData<EdgeHostKind, string> Spellings() =>
        EdgeRoutes.OnEachHost("admin.example.com", "admin.example.com.", "ADMIN.example.com", "Admin.Example.Com.", "admin.example.com:8443", "admin.example.com.:443");

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Every_spelling_of_a_host_takes_its_host_route(EdgeHostKind kind, string host)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        Assert.Equal(401, (await edge.SendAsync(new EdgeRequest("GET", "/dash") { Host = host })).Status);
        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("GET", "/dash") { Host = host, Caller = new("alice") })).Status);

        Assert.Equal(1, edge.Upstream.HitCount);
        // The canonical name, with the port the client named (X-Forwarded-Host carries an authority, as Host does).
        var port = host.LastIndexOf(':') is var colon and > 0 ? host[colon..] : string.Empty;
        Assert.Equal("admin.example.com" + port, edge.Upstream.Last.Header("X-Forwarded-Host"));
    }

    [Fact]
    public async Task A_host_that_is_not_an_ascii_name_is_refused()
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(EdgeHostKind.Lambda, EdgeRoutes.Yaml);

        foreach (var host in new[] { "ａdmin.example.com", "ädmin.example.com", "admin.example.com:evil", "admin%2Eexample.com" })
        {
            var answer = await edge.SendAsync(new EdgeRequest("GET", "/dash") { Host = host });
            Assert.True(answer.Status == 400, $"{host}: {answer}");
        }
        Assert.Equal(0, edge.Upstream.HitCount);
    }
}
