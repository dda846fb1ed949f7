using System.Text;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 2 on a route table the size a platform team has: 250 services, each with a protected admin area beside a
/// public area, and a public catch-all. Every service's admin area holds against escaped and re-cased spellings, and
/// the upstream receives the canonical path.
/// </summary>
public sealed class C02PathEquivalenceAtScaleTests
{
    private const int Services = 250;

    private static string Routes()
    {
        var yaml = new StringBuilder("routes:\n");
        for (var i = 0; i < Services; i++)
        {
            yaml.Append($"  - {{ name: admin-{i}, path: \"/svc{i}/admin/{{proxy+}}\", service: api, auth: jwt }}\n");
            yaml.Append($"  - {{ name: public-{i}, path: \"/svc{i}/{{proxy+}}\", service: api }}\n");
        }
        return yaml.Append("  - { name: catch-all, path: \"/{proxy+}\", service: api }\n").ToString();
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Every_admin_area_of_a_large_table_holds_against_other_spellings(EdgeHostKind kind)
    {
        await using var edge = await EdgeHost.StartWithRecordingUpstreamAsync(kind, Routes());

        for (var i = 0; i < Services; i += 7)
        {
            foreach (var path in new[] { $"/SVC{i}/admin/x", $"/svc{i}/%61dmin/x", $"/Svc{i}/ADMIN;v=1/x", $"/svc{i}/adm%69n%3Bx/x" })
            {
                var answer = await edge.SendAsync(new EdgeRequest("GET", path));
                Assert.True(answer.Status is 400 or 401, $"{path}: {answer}");
            }
        }
        Assert.Equal(0, edge.Upstream.HitCount);

        Assert.Equal(200, (await edge.SendAsync(new EdgeRequest("GET", $"/SVC{Services - 1}/%41dmin/x") { Caller = new("alice") })).Status);
        Assert.Equal($"/svc{Services - 1}/admin/x", edge.Upstream.Last.RawTarget);
    }
}
