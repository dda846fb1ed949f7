using System.Net;
using Gateway.Policies.Caching;
using Gateway.Composition;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

public sealed class ResponseCacheTests
{
    private const string Config = """
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: catalog
            path: "/catalog/{proxy+}"
            service: api
            policies:
              cache:
                ttl: 60s
                varyByHeaders: [Accept-Language]
                varyByTenant: true
                statuses: [200, 404]
                maxEntries: 3
        """;

    private readonly ManualTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
    private readonly StubUpstreamHandler _upstream;
    private readonly GatewayHandler _gateway;
    private readonly List<string?> _recorded = [];
    private HttpStatusCode _status = HttpStatusCode.OK;
    private Action<HttpResponseMessage>? _decorate;

    public ResponseCacheTests()
    {
        _upstream = new StubUpstreamHandler(request =>
        {
            var response = new HttpResponseMessage(_status) { Content = new StringContent($"{{\"n\":{UpstreamCalls}}}") };
            _decorate?.Invoke(response);
            return response;
        });
        _gateway = Build(Config);
    }

    private int UpstreamCalls => _upstream.Requests.Count;

    private GatewayHandler Build(string config) =>
        GatewayBuilder.Build(TestGateway.LoadConfig(config), new GatewayServices
        {
            UpstreamClient = new HttpClient(_upstream) { Timeout = Timeout.InfiniteTimeSpan },
            Time = _clock,
            Observers = [new CacheOutcomes(_recorded)],
        });

    /// <summary>What the access log and metrics would read.</summary>
    private sealed class CacheOutcomes(List<string?> recorded) : Gateway.Observability.IRequestObserver
    {
        public void OnCompleted(GatewayContext context, GatewayResponse response, TimeSpan elapsed) => recorded.Add(context.Telemetry[ResponseCachePolicy.OutcomeTag]);
    }

    private async Task<GatewayResponse> GetAsync(string path, string query = "", string method = "GET", string? tenant = null, params (string, string)[] headers)
    {
        var identity = tenant is null ? null : new CallerIdentity { Kind = CredentialKind.ApiKey, Subject = "k", Tenant = tenant };
        return await _gateway.HandleAsync(Requests.Create(method, path, query, headers: headers), new EdgeContext(null, identity, StageContext.Default));
    }

    [Fact]
    public async Task A_hit_is_answered_without_the_upstream_until_the_ttl_passes()
    {
        var miss = await GetAsync("/catalog/tea");
        _clock.Advance(TimeSpan.FromSeconds(59));
        var hit = await GetAsync("/catalog/tea");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await GetAsync("/catalog/tea");

        Assert.Equal(("MISS", "HIT", "MISS"), (miss.Headers.Get("X-Cache"), hit.Headers.Get("X-Cache"), expired.Headers.Get("X-Cache")));
        Assert.Equal(Requests.BodyText(miss), Requests.BodyText(hit));
        Assert.Equal("59", hit.Headers.Get("Age"));
        Assert.Equal(["MISS", "HIT", "MISS"], _recorded);
        Assert.NotEqual(miss.Headers.Get("X-Request-ID"), hit.Headers.Get("X-Request-ID"));
        Assert.Equal(2, UpstreamCalls);
    }

    [Fact]
    public async Task The_key_varies_by_path_query_configured_headers_and_tenant_only()
    {
        await GetAsync("/catalog/tea", "page=1");
        await GetAsync("/catalog/tea", "page=1", headers: ("User-Agent", "other"));  // not part of the key
        await GetAsync("/catalog/tea", "page=2");
        await GetAsync("/catalog/mugs", "page=1");
        await GetAsync("/catalog/tea", "page=1", headers: ("Accept-Language", "fr"));
        await GetAsync("/catalog/tea", "page=1", tenant: "acme");
        await GetAsync("/catalog/tea", "page=1", tenant: "acme");

        Assert.Equal(5, UpstreamCalls);
    }

    [Fact]
    public async Task Head_is_answered_from_a_get_entry_but_never_stored()
    {
        await GetAsync("/catalog/a", method: "HEAD");
        await GetAsync("/catalog/a");
        var head = await GetAsync("/catalog/a", method: "HEAD");

        Assert.Equal("HIT", head.Headers.Get("X-Cache"));
        Assert.Equal(2, UpstreamCalls);
    }

    [Theory]
    [InlineData("Cache-Control", "no-store")]
    [InlineData("Cache-Control", "public, max-age=60, Private")]
    [InlineData("Cache-Control", "no-cache")]
    [InlineData("Cache-Control", "max-age=0")]
    [InlineData("Set-Cookie", "session=1")]
    [InlineData("Vary", "Accept-Encoding")]
    [InlineData("Vary", "*")]
    public async Task Answers_a_shared_cache_must_not_keep_are_not_stored(string header, string value)
    {
        _decorate = response =>
        {
            if (!response.Headers.TryAddWithoutValidation(header, value))
            {
                response.Content.Headers.TryAddWithoutValidation(header, value);
            }
        };

        await GetAsync("/catalog/a");
        var second = await GetAsync("/catalog/a");

        Assert.Equal("MISS", second.Headers.Get("X-Cache"));
        Assert.Equal(2, UpstreamCalls);
    }

    [Fact]
    public async Task A_vary_the_key_covers_is_fine_and_a_shorter_max_age_caps_the_ttl()
    {
        _decorate = response =>
        {
            response.Headers.Add("Vary", "accept-language");
            response.Headers.Add("Cache-Control", "public, s-maxage=10, max-age=30");
        };

        await GetAsync("/catalog/a");
        _clock.Advance(TimeSpan.FromSeconds(9));
        var hit = await GetAsync("/catalog/a");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var expired = await GetAsync("/catalog/a");

        Assert.Equal(("HIT", "MISS"), (hit.Headers.Get("X-Cache"), expired.Headers.Get("X-Cache")));
    }

    [Fact]
    public async Task Only_the_configured_statuses_and_never_the_gateways_own_errors_are_stored()
    {
        _status = HttpStatusCode.NotFound;
        await GetAsync("/catalog/gone");
        Assert.Equal("HIT", (await GetAsync("/catalog/gone")).Headers.Get("X-Cache"));

        _status = HttpStatusCode.InternalServerError;
        await GetAsync("/catalog/broken");
        Assert.Equal("MISS", (await GetAsync("/catalog/broken")).Headers.Get("X-Cache"));

        var down = GatewayBuilder.Build(TestGateway.LoadConfig(Config.Replace("http://upstream.test", "http://127.0.0.1:1", StringComparison.Ordinal)), new GatewayServices { UpstreamClient = Gateway.Forwarding.UpstreamHttpClient.Create(), Time = _clock });
        await down.HandleAsync(Requests.Create("GET", "/catalog/a"), Requests.Anonymous);
        var again = await down.HandleAsync(Requests.Create("GET", "/catalog/a"), Requests.Anonymous);
        Assert.Equal((502, "MISS"), (again.StatusCode, again.Headers.Get("X-Cache")));
    }

    [Fact]
    public async Task Other_methods_pass_through_untouched()
    {
        var post = await GetAsync("/catalog/a", method: "POST");
        await GetAsync("/catalog/a", method: "POST");

        Assert.Null(post.Headers.Get("X-Cache"));
        Assert.Equal([null, null], _recorded);
        Assert.Equal(2, UpstreamCalls);
    }

    [Fact]
    public async Task The_least_recently_used_entry_goes_when_the_entry_bound_is_reached()
    {
        await GetAsync("/catalog/1");
        await GetAsync("/catalog/2");
        await GetAsync("/catalog/3");
        await GetAsync("/catalog/1");   // hit: 1 is now the most recent, 2 the least
        await GetAsync("/catalog/4");   // evicts 2

        Assert.Equal("HIT", (await GetAsync("/catalog/1")).Headers.Get("X-Cache"));
        Assert.Equal("HIT", (await GetAsync("/catalog/3")).Headers.Get("X-Cache"));
        Assert.Equal("MISS", (await GetAsync("/catalog/2")).Headers.Get("X-Cache"));
    }

    [Fact]
    public async Task The_byte_bound_holds_and_an_entry_larger_than_it_is_never_stored()
    {
        var size = 600;
        _decorate = response => response.Content = new ByteArrayContent(new byte[size]);
        var gateway = Build(Config.Replace("maxEntries: 3", "maxBytes: 1KB", StringComparison.Ordinal));
        async Task<string?> CacheOf(string path) =>
            (await gateway.HandleAsync(Requests.Create("GET", path), Requests.Anonymous)).Headers.Get("X-Cache");

        await CacheOf("/catalog/a");
        await CacheOf("/catalog/b");    // two 600-byte answers do not fit in 1 KB: a goes
        Assert.Equal(("HIT", "MISS"), (await CacheOf("/catalog/b"), await CacheOf("/catalog/a")));

        size = 2000;
        await CacheOf("/catalog/big");
        Assert.Equal("MISS", await CacheOf("/catalog/big"));
    }

    [Theory]
    [InlineData("{ varyByTenant: true }", "ttl: is required")]
    [InlineData("{ ttl: 0s }", "must be between 1s and 1d")]
    [InlineData("{ ttl: 10s, statuses: [99] }", "must be between 200 and 599")]
    [InlineData("{ ttl: 10s, varyByHeaders: [\"bad header\"] }", "is not a header name")]
    public void Invalid_cache_settings_are_configuration_errors(string settings, string expected)
    {
        var problems = TestGateway.PolicyProblems("cache", settings);

        Assert.Contains(problems, p => p.ToString().Contains(expected, StringComparison.Ordinal));
    }
}
