using System.Text.Json;
using Gateway.Configuration;
using Gateway.Testing;
using Microsoft.AspNetCore.Http;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 3 (and the cache's side of class 4): a cached answer is reused only for callers it may be shown to (RFC 9111
/// §3.5), and never when the request carried an input the key does not hold. The upstream echoes what it saw, so
/// every answer says whom, and what, it was produced for.
/// </summary>
public sealed class C03CacheIsolationTests
{
    private static string Config(string url) => $$"""
        services:
          api: { url: "{{url}}" }
        routes:
          - { name: mine, path: "/mine/{id}", service: api, auth: jwt, policies: { cache: { ttl: 1m } } }
          - { name: by-tenant, path: "/by-tenant/{id}", service: api, auth: jwt, policies: { cache: { ttl: 1m, varyByTenant: true } } }
          - { name: shared, path: "/shared/{id}", service: api, auth: jwt, policies: { cache: { ttl: 1m, shared: true } } }
          - { name: shared-by-tenant, path: "/shared-by-tenant/{id}", service: api, auth: jwt, policies: { cache: { ttl: 1m, shared: true, varyByTenant: true } } }
          - { name: open, path: "/open/{id}", service: api, policies: { cache: { ttl: 1m } } }
          - { name: keyed, path: "/keyed/{id}", service: api, policies: { cache: { ttl: 1m, varyByHeaders: [Range] } } }
        {{EdgeHost.JwtAuthSection}}
        """;

    /// <summary>Answers with what it saw; a path containing "marked-public" is marked shareable, "vary-star" varies on everything.</summary>
    private static Task<TestUpstream> EchoUpstreamAsync() => TestUpstream.StartAsync(async (http, received) =>
    {
        var path = http.Request.Path.Value!;
        if (path.Contains("marked-public", StringComparison.Ordinal))
        {
            http.Response.Headers.CacheControl = "public, max-age=60";
        }
        if (path.Contains("vary-star", StringComparison.Ordinal))
        {
            http.Response.Headers.Vary = "*";
        }
        http.Response.ContentType = "application/json";
        var seen = new Dictionary<string, string?>
        {
            ["user"] = received.Header("X-User-ID"),
            ["tenant"] = received.Header("X-Tenant-ID"),
            ["credential"] = received.Header("Authorization") is null ? null : "present",
            ["method"] = received.Method,
            ["body"] = received.Body.Length == 0 ? null : "present",
        };
        foreach (var name in new[] { "X-HTTP-Method-Override", "X_HTTP_Method_Override", "X-HTTP-Method", "X-Method-Override", "Range", "Forwarded", "X-Forwarded-Host", "X-Forwarded-Prefix", "X-Original-URL" })
        {
            seen[name] = received.Header(name);
        }
        await http.Response.WriteAsync(JsonSerializer.Serialize(seen));
    });

    private static string? Seen(EdgeAnswer answer, string key) =>
        JsonDocument.Parse(answer.Body).RootElement.GetProperty(key).GetString();

    private static readonly Caller Alice = new("alice", "acme");
    private static readonly Caller Bob = new("bob", "acme");
    private static readonly Caller Carol = new("carol");
    private static readonly Caller Dave = new("dave");

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task On_an_authenticated_route_each_caller_has_their_own_entries(EdgeHostKind host)
    {
        await using var upstream = await EchoUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        var alice = await gateway.SendAsync("GET", "/mine/1", Alice);
        var bob = await gateway.SendAsync("GET", "/mine/1", Bob);
        var aliceAgain = await gateway.SendAsync("GET", "/mine/1", Alice);

        Assert.Equal(("MISS", "alice"), (alice.Header("X-Cache"), Seen(alice, "user")));
        Assert.Equal(("MISS", "bob"), (bob.Header("X-Cache"), Seen(bob, "user")));
        Assert.Equal(("HIT", "alice"), (aliceAgain.Header("X-Cache"), Seen(aliceAgain, "user")));
        Assert.Equal(2, upstream.HitCount);
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task Vary_by_tenant_never_collapses_callers_without_a_tenant(EdgeHostKind host)
    {
        await using var upstream = await EchoUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        foreach (var path in new[] { "/by-tenant/1", "/shared-by-tenant/marked-public" })
        {
            var carol = await gateway.SendAsync("GET", path, Carol);
            var dave = await gateway.SendAsync("GET", path, Dave);

            Assert.Equal("carol", Seen(carol, "user"));
            Assert.Equal(("MISS", "dave"), (dave.Header("X-Cache"), Seen(dave, "user")));
        }
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task A_shared_cache_shares_only_what_the_upstream_marks_public(EdgeHostKind host)
    {
        await using var upstream = await EchoUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        var alicePlain = await gateway.SendAsync("GET", "/shared/plain", Alice);
        var bobPlain = await gateway.SendAsync("GET", "/shared/plain", Bob);
        var alicePublic = await gateway.SendAsync("GET", "/shared/marked-public", Alice);
        var bobPublic = await gateway.SendAsync("GET", "/shared/marked-public", Bob);
        var tenantMate = await gateway.SendAsync("GET", "/shared-by-tenant/marked-public", Alice);
        var sameTenant = await gateway.SendAsync("GET", "/shared-by-tenant/marked-public", Bob);
        var otherTenant = await gateway.SendAsync("GET", "/shared-by-tenant/marked-public", new Caller("erin", "globex"));

        Assert.Equal(("MISS", "bob"), (bobPlain.Header("X-Cache"), Seen(bobPlain, "user")));
        Assert.Equal("alice", Seen(alicePlain, "user"));
        Assert.Equal(("HIT", "alice"), (bobPublic.Header("X-Cache"), Seen(bobPublic, "user")));
        Assert.Equal("alice", Seen(alicePublic, "user"));
        Assert.Equal("MISS", tenantMate.Header("X-Cache"));
        Assert.Equal(("HIT", "alice"), (sameTenant.Header("X-Cache"), Seen(sameTenant, "user")));
        Assert.Equal(("MISS", "erin"), (otherTenant.Header("X-Cache"), Seen(otherTenant, "user")));
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task An_answer_that_varies_on_everything_is_never_stored(EdgeHostKind host)
    {
        await using var upstream = await EchoUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        await gateway.SendAsync("GET", "/open/vary-star");
        var again = await gateway.SendAsync("GET", "/open/vary-star");

        Assert.Equal("MISS", again.Header("X-Cache"));
        Assert.Equal(2, upstream.HitCount);
    }

    public static TheoryData<EdgeHostKind, string, string> UnkeyedInputs()
    {
        var data = new TheoryData<EdgeHostKind, string, string>();
        foreach (var host in new[] { EdgeHostKind.Serve, EdgeHostKind.Lambda })
        {
            foreach (var (name, value) in new[]
            {
                ("X-HTTP-Method-Override", "DELETE"), ("X_HTTP_Method_Override", "DELETE"), ("X-HTTP-Method", "DELETE"), ("X-Method-Override", "PUT"), ("Range", "bytes=0-3"),
                ("Forwarded", "host=evil.example"), ("X-Forwarded-Host", "evil.example"), ("X-Forwarded-Prefix", "/evil"), ("X-Original-URL", "/admin"),
                ("Authorization", "Bearer unverified"), ("body", "{\"poison\":true}"),
            })
            {
                data.Add(host, name, value);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(UnkeyedInputs))]
    public async Task An_answer_to_a_request_with_an_input_outside_the_key_is_never_served_to_another_request(EdgeHostKind host, string input, string value)
    {
        await using var upstream = await EchoUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        var poisoned = input == "body"
            ? await gateway.SendAsync("GET", "/open/1", body: value)
            : await gateway.SendAsync("GET", "/open/1", headers: (input, value));
        var clean = await gateway.SendAsync("GET", "/open/1");

        // Whether the gateway dropped the input, refused the request or forwarded it without caching, the clean
        // request must not get an answer produced while the upstream saw it.
        Assert.NotEqual("HIT", poisoned.Header("X-Cache"));
        Assert.Equal(200, clean.Status);
        switch (input)
        {
            case "body":
                Assert.Null(Seen(clean, "body"));
                break;
            case "Authorization":
                Assert.Null(Seen(clean, "credential"));
                break;
            default:
                // Forwarding headers the gateway sets itself are there, with the gateway's value.
                Assert.NotEqual(value, Seen(clean, input));
                break;
        }
    }

    [Theory]
    [MemberData(nameof(EdgeRoutes.Hosts), MemberType = typeof(EdgeRoutes))]
    public async Task An_input_the_key_holds_is_cached_under_its_own_value(EdgeHostKind host)
    {
        await using var upstream = await EchoUpstreamAsync();
        await using var gateway = await EdgeHost.StartAsync(host, Config(upstream.BaseUrl));

        var first = await gateway.SendAsync("GET", "/keyed/1", headers: ("Range", "bytes=0-3"));
        var again = await gateway.SendAsync("GET", "/keyed/1", headers: ("Range", "bytes=0-3"));
        var clean = await gateway.SendAsync("GET", "/keyed/1");

        Assert.Equal("MISS", first.Header("X-Cache"));
        Assert.Equal(("HIT", "bytes=0-3"), (again.Header("X-Cache"), Seen(again, "Range")));
        Assert.Equal(("MISS", null), (clean.Header("X-Cache"), Seen(clean, "Range")));
    }

    [Fact]
    public void Config_validate_warns_about_every_shared_cache()
    {
        var config = TestGateway.LoadConfig(Config("http://upstream.test"));

        var warnings = ConfigWarnings.For(config, "gateway.yaml", HostProfile.Container).ToArray();

        Assert.Equal(2, warnings.Length);
        Assert.All(warnings, warning => Assert.Contains("shared: true", warning.Message, StringComparison.Ordinal));
        Assert.All(warnings, warning => Assert.EndsWith("policies.cache", warning.Path, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gatewayctl_config_validate_prints_the_warning_and_still_accepts_the_file()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, Config("http://upstream.test"));

            var run = await GatewayCtlProcess.RunAsync("config", "validate", file);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(2, run.Stderr.Split('\n').Count(line => line.StartsWith("warning: ", StringComparison.Ordinal) && line.Contains("shared: true", StringComparison.Ordinal)));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
