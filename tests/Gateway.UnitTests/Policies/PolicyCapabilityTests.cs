using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Microsoft.Extensions.Logging;
using Gateway.Http;
using Gateway.Pipeline;
using Gateway.Policies;
using Gateway.Testing;

namespace Gateway.UnitTests.Policies;

/// <summary>
/// A team's own policy kind, from its own assembly (this one), uses the capabilities the built-in ones use — binding
/// routes that do not name it, answering on another method's behalf, sharing one part across routes — with nothing
/// in Gateway.Core knowing it: the catalog it is added to is all the wiring there is. What it records for the
/// observers is a tag of its own, which the access log writes without knowing it.
/// </summary>
public sealed class PolicyCapabilityTests
{
    private const string Config = """
        services:
          legacy: { url: "http://legacy.test" }
          modern: { url: "http://modern.test" }
        routes:
          - { name: old-orders, path: /old/orders, methods: [DELETE], service: legacy }
          - { name: new-orders, path: /new/orders, methods: [DELETE], service: modern, policies: { probe: {} } }
          - { name: stamped, path: /stamped, methods: [GET], service: modern, policies: { probe: {} } }
        """;

    private static readonly PolicyCatalog Catalog = PolicyCatalog.Default.With(new ProbeFactory());

    [Fact]
    public async Task A_policy_binds_the_routes_it_declares_without_their_naming_it_and_shares_one_part_across_routes()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(TestGateway.LoadConfig(Config, catalog: Catalog), upstream);

        await gateway.HandleAsync(Requests.Create("DELETE", "/old/orders"), Requests.Anonymous);
        await gateway.HandleAsync(Requests.Create("DELETE", "/new/orders"), Requests.Anonymous);
        await gateway.HandleAsync(Requests.Create("GET", "/stamped"), Requests.Anonymous);

        // The legacy route names no policy: the factory bound it because its service is a legacy one.
        Assert.Equal(["1", "2", "3"], upstream.Requests.Select(r => r.Request.Headers.GetValues("X-Probe-Count").Single()));
    }

    [Fact]
    public async Task A_policy_answers_on_behalf_of_a_method_its_route_does_not_list()
    {
        var upstream = new StubUpstreamHandler();
        var gateway = TestGateway.Build(TestGateway.LoadConfig(Config, catalog: Catalog), upstream);

        var answered = await gateway.HandleAsync(Requests.Create("OPTIONS", "/new/orders", headers: ("X-Probe-Method", "DELETE")), Requests.Anonymous);
        var notAnswered = await gateway.HandleAsync(Requests.Create("OPTIONS", "/stamped", headers: ("X-Probe-Method", "DELETE")), Requests.Anonymous);
        var plain = await gateway.HandleAsync(Requests.Create("OPTIONS", "/new/orders"), Requests.Anonymous);

        Assert.Equal(204, answered.StatusCode);
        Assert.Equal("new-orders", answered.Headers.Get("X-Probed-Route"));
        // The route serving the method asked about has no such policy: the request is what it was, a method not allowed.
        Assert.Equal(405, notAnswered.StatusCode);
        Assert.Equal(405, plain.StatusCode);
        Assert.Empty(upstream.Requests);
    }

    [Fact]
    public async Task The_access_log_writes_a_tag_it_has_never_heard_of()
    {
        var logs = new LogCapture();
        var logging = new PowertoolsJsonLoggerProvider(ExecutionEnvironment.FromEnvironment(_ => null, "tags"), new LogLevelSettings(LogLevel.Information), logs.Output, TimeProvider.System);
        using var factory = GatewayLogging.CreateFactory(logging);
        var gateway = GatewayBuilder.Build(TestGateway.LoadConfig(Config, catalog: Catalog), TestGateway.Services(new StubUpstreamHandler()) with
        {
            Observers = [new AccessLogObserver(factory.CreateLogger<AccessLogObserver>())],
        });

        await gateway.HandleAsync(Requests.Create("GET", "/stamped"), Requests.Anonymous);

        var line = Assert.Single(logs.Documents, d => d.GetProperty("message").GetString() == AccessLogEntry.Message);
        Assert.Equal("stamped", line.GetProperty("probed_route").GetString());
    }

    /// <summary>Counts requests across every route it runs on; answers "X-Probe-Method" requests itself; tags what it saw.</summary>
    private sealed class ProbeFactory : PolicyFactory<ProbeSettings>, IImplicitPolicyFactory, IMethodStandInFactory
    {
        public override string Name => "probe";

        public override PolicyPhase Phase => PolicyPhase.Edge;

        public override BodyNeeds BodyNeeds => BodyNeeds.None;

        public object? ImplicitSettings(GatewayConfig config, RouteConfig route) => route.Service == "legacy" ? new ProbeSettings() : null;

        public string? MethodAskedAbout(GatewayRequest request) => request.Method == "OPTIONS" ? request.Headers.Get("X-Probe-Method") : null;

        protected override ProbeSettings Read(ConfigNode node) => new();

        protected override IGatewayPolicy Create(ProbeSettings settings, PolicyBuildContext context) =>
            new ProbePolicy(context.Route.Name, context.Shared.GetOrAdd(() => new RequestCounter()));
    }

    private sealed record ProbeSettings;

    private sealed class RequestCounter
    {
        private int _count;

        public int Next() => Interlocked.Increment(ref _count);
    }

    private sealed class ProbePolicy(string route, RequestCounter counter) : IGatewayPolicy
    {
        private static readonly TelemetryTag RouteTag = new("probed_route");

        public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
        {
            context.Telemetry.Tag(RouteTag, route);
            if (context.Request.Method == "OPTIONS")
            {
                var answer = new GatewayResponse(204);
                answer.Headers.Set("X-Probed-Route", route);
                return ValueTask.FromResult(answer);
            }
            context.Request.Headers.Set("X-Probe-Count", counter.Next().ToString(System.Globalization.CultureInfo.InvariantCulture));
            return next(context);
        }
    }
}
