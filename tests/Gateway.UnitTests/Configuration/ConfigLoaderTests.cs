using Gateway.Configuration;
using Gateway.Testing;

namespace Gateway.UnitTests.Configuration;

public sealed class ConfigLoaderTests
{
    private const string Minimal = """
        services:
          orders:
            url: http://orders.internal:8080/v1
        routes:
          - name: get-order
            path: /orders/{id}
            methods: [get]
            service: orders
        """;

    [Fact]
    public void Loads_a_minimal_file_into_records_with_defaults()
    {
        var config = TestGateway.LoadConfig(Minimal);

        var route = Assert.Single(config.Routes);
        Assert.Equal("get-order", route.Name);
        Assert.Equal("/orders/{id}", route.Path.Text);
        Assert.Equal(["GET"], route.Methods!);
        Assert.Equal(AuthRequirement.None, route.Auth.Requirement);
        var service = config.Services["orders"];
        Assert.Equal(new Uri("http://orders.internal:8080/v1"), Assert.Single(service.Instances).Url);
        Assert.Equal(UpstreamTimeouts.Default, service.Timeouts);
        Assert.Equal(2, service.Retry.Attempts);
        Assert.True(service.CircuitBreaker.Enabled);
        Assert.Equal(1L << 20, config.Settings.MaxRequestBodyBytes);
    }

    [Fact]
    public void Reports_an_unknown_service_with_file_line_and_field()
    {
        var problems = TestGateway.Problems("""
            services:
              orders: { url: http://orders.internal }
            routes:
              - path: /a
                service: orders
              - path: /b
                service: orders
              - path: /c
                service: orders
              - path: /d
                service: ordrs
            """);

        var problem = Assert.Single(problems);
        Assert.Equal("test.yaml:11: routes[3].service: unknown service \"ordrs\" (did you mean \"orders\"?)", problem.ToString());
    }

    [Fact]
    public void Collects_every_problem_instead_of_stopping_at_the_first()
    {
        var problems = TestGateway.Problems("""
            gateway:
              maxRequestBodySize: lots
            services:
              orders:
                url: ftp://orders.internal
                timeouts: { read: 5 }
                retry: { attempts: 0 }
            routes:
              - path: orders
                service: orders
                methods: [GET]
                sevice: typo
            usagePlans:
              free:
                quota: { period: fortnight }
            """);

        var paths = problems.Select(p => p.Path).ToArray();
        Assert.Contains("gateway.maxRequestBodySize", paths);
        Assert.Contains("services.orders.url", paths);
        Assert.Contains("services.orders.timeouts.read", paths);
        Assert.Contains("services.orders.retry.attempts", paths);
        Assert.Contains("routes[0].path", paths);
        Assert.Contains("routes[0].sevice", paths);
        Assert.Contains("usagePlans.free.quota.limit", paths);
        Assert.Contains("usagePlans.free.quota.period", paths);
        Assert.All(problems, p => Assert.True(p.Line > 0, $"{p} has no line"));
    }

    [Fact]
    public void Text_that_starts_with_a_byte_order_mark_loads()
    {
        var config = TestGateway.LoadConfig("\uFEFF# a comment first\n" + Minimal);

        Assert.Single(config.Routes);
    }

    [Fact]
    public void Invalid_yaml_is_a_problem_with_a_line_not_an_exception()
    {
        var problems = TestGateway.Problems("services:\n  orders: [unclosed\nroutes: {}\n");

        var problem = Assert.Single(problems);
        Assert.StartsWith("invalid YAML", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line >= 2);
    }

    [Fact]
    public void Deep_nesting_is_refused_before_it_can_exhaust_the_stack()
    {
        var deep = "services: " + new string('[', 100_000) + new string(']', 100_000);

        var problem = Assert.Single(TestGateway.Problems(deep));
        Assert.Contains("nests deeper", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alias_inside_the_node_it_refers_to_is_a_problem_with_its_line()
    {
        var problem = Assert.Single(TestGateway.Problems("gateway:\n  name: x\nstages: &s\n  dev:\n    variables: *s\n" + Minimal));

        Assert.Equal(5, problem.Line);
        Assert.Contains("inside the node it refers to", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_given_twice_is_a_problem()
    {
        var problem = Assert.Single(TestGateway.Problems("services:\n  s: { url: http://a.internal }\n  s: { url: http://b.internal }\nroutes: []\n"));

        Assert.Equal(3, problem.Line);
        Assert.Contains("invalid YAML", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just a string")]
    [InlineData("- a\n- list")]
    public void A_file_that_is_not_a_mapping_is_rejected(string yaml) =>
        Assert.NotEmpty(TestGateway.Problems(yaml));

    [Fact]
    public void Rejects_duplicate_route_names_and_routes_claiming_the_same_path_and_method()
    {
        var problems = TestGateway.Problems("""
            services:
              s: { url: http://s.internal }
            routes:
              - { name: one, path: /a, methods: [GET], service: s }
              - { name: one, path: /b, methods: [GET], service: s }
              - { name: three, path: /a, methods: [GET, POST], service: s }
            """);

        Assert.Contains(problems, p => p.Path == "routes[1].name" && p.Message.Contains("already used", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "routes[2].path" && p.Message.Contains("already serves", StringComparison.Ordinal));
    }

    [Fact]
    public void Many_routes_on_one_path_get_one_problem_each_not_one_per_pair()
    {
        var routes = string.Concat(Enumerable.Range(0, 2_000).Select(i => $"  - {{ name: r{i}, path: /same, service: s }}\n"));

        var problems = TestGateway.Problems("services:\n  s: { url: http://s.internal }\nroutes:\n" + routes);

        Assert.Equal(1_999, problems.Count);
        Assert.All(problems, p => Assert.Contains("routes[0]", p.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Strip_prefix_must_be_a_literal_prefix_of_the_path()
    {
        var problems = TestGateway.Problems("""
            services:
              s: { url: http://s.internal }
            routes:
              - { path: "/api/{proxy+}", stripPrefix: /ap, service: s }
            """);

        Assert.Contains(problems, p => p.Path == "routes[0].stripPrefix");
    }

    [Fact]
    public void Environment_placeholders_resolve_with_defaults_and_report_missing_variables()
    {
        const string yaml = """
            services:
              s: { url: "${env.UPSTREAM_URL:-http://fallback.internal}" }
              t: { url: "${env.REQUIRED_URL}" }
            routes:
              - { path: /a, service: s }
            """;

        var problems = TestGateway.Problems(yaml);
        Assert.Contains(problems, p => p.Path == "services.t.url" && p.Message.Contains("REQUIRED_URL", StringComparison.Ordinal));

        var config = TestGateway.LoadConfig(yaml, new Dictionary<string, string> { ["REQUIRED_URL"] = "http://required.internal" });
        Assert.Equal("fallback.internal", config.Services["s"].Instances[0].Url.Host);
        Assert.Equal("required.internal", config.Services["t"].Instances[0].Url.Host);
    }

    [Fact]
    public void Unknown_policies_and_bad_policy_settings_are_reported_where_they_are()
    {
        var problems = TestGateway.Problems("""
            services:
              s: { url: http://s.internal }
            routes:
              - path: /a
                service: s
                policies:
                  requestHeader: { set: { A: b } }
                  responseHeaders:
                    set: { "Bad Name": x, X-Id: "${request.nope}" }
            """);

        Assert.Contains(problems, p => p.Path == "routes[0].policies.requestHeader" && p.Message.StartsWith("unknown policy", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Path == "routes[0].policies.responseHeaders.set.Bad Name");
        Assert.Contains(problems, p => p.Path == "routes[0].policies.responseHeaders.set.X-Id" && p.Message.Contains("request.nope", StringComparison.Ordinal));
    }

    [Fact]
    public void Default_policies_apply_to_every_route_unless_the_route_sets_its_own()
    {
        var config = TestGateway.LoadConfig("""
            services:
              s: { url: http://s.internal }
            policies:
              responseHeaders: { set: { X-Default: "1" } }
            routes:
              - { name: plain, path: /a, service: s }
              - name: own
                path: /b
                service: s
                policies:
                  responseHeaders: { set: { X-Own: "1" } }
                  requestHeaders: { remove: [X-Debug] }
            """);

        Assert.Equal(["responseHeaders"], config.Routes[0].Policies.Select(p => p.Name));
        Assert.Equal(["responseHeaders", "requestHeaders"], config.Routes[1].Policies.Select(p => p.Name));
        Assert.NotSame(config.Routes[0].Policies[0], config.Routes[1].Policies[0]);
    }

    [Fact]
    public void Usage_plan_route_overrides_must_name_existing_routes()
    {
        var problems = TestGateway.Problems("""
            services:
              s: { url: http://s.internal }
            routes:
              - { name: create-order, path: /orders, methods: [POST], service: s }
            usagePlans:
              free:
                rate: { requests: 5, per: 1s }
                routes:
                  create-ordr: { requests: 1 }
            """);

        var problem = Assert.Single(problems);
        Assert.Equal("usagePlans.free.routes.create-ordr", problem.Path);
        Assert.Contains("did you mean \"create-order\"", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_services_plans_and_stages_in_full()
    {
        var config = TestGateway.LoadConfig("""
            services:
              s:
                instances:
                  - { url: http://a.internal, weight: 3 }
                  - { url: http://b.internal }
                loadBalancing: weighted
                timeouts: { connect: 250ms, read: 2s, deadline: 5s }
                retry: { attempts: 3, backoff: linear, baseDelay: 10ms, maxDelay: 100ms, retryOn: [503], budget: { ratio: 0.1, minPerSecond: 2 } }
                circuitBreaker:
                  failureRatio: 0.5
                  minimumThroughput: 20
                  openDuration: 10s
                  fallback: { status: 503, headers: { Retry-After: "10" }, body: '{"degraded":true}' }
            routes:
              - { name: r, path: /a, service: s, auth: { type: jwt, scopes: [read] }, timeouts: { read: 1s } }
            usagePlans:
              free:
                rate: { requests: 5, per: 1s, burst: 10 }
                quota: { limit: 1000, period: month }
                routes:
                  r: { requests: 1, per: 1s }
            stages:
              dev: { throttle: { rate: 10, burst: 20 }, variables: { color: blue } }
            """);

        var service = config.Services["s"];
        Assert.Equal(LoadBalancing.Weighted, service.LoadBalancing);
        Assert.Equal([3, 1], service.Instances.Select(i => i.Weight));
        Assert.Equal(TimeSpan.FromMilliseconds(250), service.Timeouts.Connect);
        Assert.Equal(BackoffKind.Linear, service.Retry.Backoff);
        Assert.Equal([503], service.Retry.RetryOnStatus);
        Assert.Equal(0.5, service.CircuitBreaker.FailureRatio);
        Assert.Equal("{\"degraded\":true}", service.CircuitBreaker.Fallback!.Body);

        var route = config.Routes[0];
        Assert.Equal(AuthRequirement.Jwt, route.Auth.Requirement);
        Assert.Equal(["read"], route.Auth.Scopes);
        Assert.Equal(new UpstreamTimeouts(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5)), route.Timeouts);

        var plan = config.UsagePlans["free"];
        Assert.Equal(new RateSpec(5, TimeSpan.FromSeconds(1), 10), plan.Rate);
        Assert.Equal(new QuotaSpec(1000, QuotaPeriod.Month), plan.Quota);
        Assert.Equal(new RateSpec(1, TimeSpan.FromSeconds(1), 1), plan.RouteRates["r"]);

        var stage = config.Stages["dev"];
        Assert.Equal((10, 20), (stage.ThrottleRate, stage.ThrottleBurst));
        Assert.Equal("blue", Assert.Single(stage.Variables).Value);
    }

    [Fact]
    public void The_sample_configuration_is_valid()
    {
        var result = new GatewayConfigLoader().LoadFile(RepositoryPaths.SampleConfig);

        Assert.True(result.Succeeded, string.Join('\n', result.Problems));
        Assert.NotEmpty(result.Config!.Routes);
    }

    [Fact]
    public void A_missing_file_is_a_problem()
    {
        var result = new GatewayConfigLoader().LoadFile("/nonexistent/gateway.yaml");

        Assert.False(result.Succeeded);
        Assert.Contains("cannot read", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
        Assert.Throws<ConfigurationException>(() => result.GetConfigOrThrow());
    }

    [Theory]
    [InlineData("250ms", 250)]
    [InlineData("2s", 2000)]
    [InlineData("1.5s", 1500)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1d", 86_400_000)]
    public void Parses_durations(string text, double milliseconds)
    {
        Assert.True(ConfigValues.TryParseDuration(text, out var value));
        Assert.Equal(milliseconds, value.TotalMilliseconds);
    }

    [Theory]
    [InlineData("5")]
    [InlineData("s")]
    [InlineData("5 weeks")]
    [InlineData("-1s")]
    public void Rejects_durations_without_a_known_unit(string text) =>
        Assert.False(ConfigValues.TryParseDuration(text, out _));

    [Theory]
    [InlineData("512", 512)]
    [InlineData("64KB", 65_536)]
    [InlineData("1MB", 1_048_576)]
    [InlineData("2GiB", 2_147_483_648)]
    public void Parses_sizes(string text, long bytes)
    {
        Assert.True(ConfigValues.TryParseSize(text, out var value));
        Assert.Equal(bytes, value);
    }
}
