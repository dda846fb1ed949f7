namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 2: escapes of unreserved characters, letter case and <c>;parameters</c> let a path the upstream reads as
/// /admin/... match the public catch-all. The gateway routes on the canonical path and forwards that path.
/// </summary>
public sealed class C02PathEquivalenceTests
{
    public static TheoryData<EdgeHostKind, string> Spellings() =>
        EdgeRoutes.OnEachHost("/%61dmin/users", "/admin/%75sers", "/ADMIN/users", "/Admin/users", "/%41DMIN/users", "/adm%69n/users", "//admin/users", "/admin;x=1/users", "/admin%3Bx/users", "/admin%3bx/users");

    [Theory]
    [MemberData(nameof(Spellings))]
    public async Task Every_spelling_of_a_protected_path_is_protected(EdgeHostKind kind, string path)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        var answer = await edge.SendAsync(new EdgeRequest("GET", path));

        Assert.True(answer.Status is 400 or 401, $"{path}: {answer}");
        Assert.Equal(0, edge.Upstream.HitCount);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task The_upstream_receives_the_canonical_path(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("GET", "/%41dmin/%75sers/%c3%a9?q=%61") { Caller = new("alice") })).Status);
        Assert.Equal("/admin/users/%C3%A9?q=%61", edge.Upstream.Last.RawTarget);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Matrix_parameters_reach_only_routes_that_take_them(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        var refused = await edge.SendAsync(new EdgeRequest("GET", "/items;v=2/1"));
        var taken = await edge.SendAsync(new EdgeRequest("GET", "/Matrix;v=2/7"));

        Assert.Equal(400, refused.Status);
        Assert.Contains("\"code\":\"invalid_path\"", refused.Body, StringComparison.Ordinal);
        Assert.Equal(200, taken.Status);
        Assert.Equal("/matrix;v=2/7", edge.Upstream.Last.RawTarget);
        Assert.Equal(1, edge.Upstream.HitCount);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Paths_with_no_single_reading_are_refused(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml);

        foreach (var path in new[] { "/admin%2Fusers", "/x/%2561dmin", "/x/%zz", "/;x/admin/users" })
        {
            var answer = await edge.SendAsync(new EdgeRequest("GET", path));
            Assert.True(answer.Status == 400, $"{path}: {answer}");
        }
        Assert.Equal(0, edge.Upstream.HitCount);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task A_case_sensitive_gateway_matches_exact_spellings_only(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, EdgeRoutes.Yaml, "gateway: { name: edge, caseSensitive: true, allowEncodedSlashes: true }");

        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("GET", "/ADMIN/users"))).Status);
        Assert.Equal("/ADMIN/users", edge.Upstream.Last.RawTarget);
        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("GET", "/files/a%2fb"))).Status);
        Assert.Equal("/files/a%2Fb", edge.Upstream.Last.RawTarget);
    }
}
