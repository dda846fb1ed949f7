using System.Collections.Concurrent;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Observability;
using Gateway.Identity;
using Gateway.Pipeline;
using Gateway.State;
using Gateway.Testing;

namespace Gateway.StateTests;

/// <summary>
/// Gateway instances built on one set of stores: several of them sharing a DynamoDB table are what several Lambda
/// instances are. Each has its own limiter and breakers (its own caches), as a Lambda instance does.
/// </summary>
public sealed class StateGateway(string yaml, ICounterStore counters, IBreakerStore breakers, TimeProvider time)
{
    private readonly GatewayConfig _config = TestGateway.LoadConfig(yaml);

    public ScriptedUpstreamHandler Upstream { get; } = new();

    /// <summary>What each request recorded, across all instances.</summary>
    public TelemetryRecorder Telemetry { get; } = new();

    public GatewayHandler NewInstance() =>
        GatewayBuilder.Build(_config, TestGateway.Services(Upstream) with
        {
            Time = time,
            Counters = counters,
            Breakers = breakers,
            Observers = [Telemetry],
        });

    public static async Task<StateGateway> CreateAsync(IStoreSource source, string yaml, TimeProvider time)
    {
        var (counters, breakers) = await source.CreateStoresAsync(time);
        return new StateGateway(yaml, counters, breakers, time);
    }

    /// <summary>One route, GET /items, under the given <c>rateLimit.limits</c> entries (YAML lines indented ten spaces).</summary>
    public static string ItemsRouteLimitedBy(string limits) => $$"""
        services:
          api: { url: "http://upstream.test" }
        routes:
          - name: items
            path: /items
            service: api
            policies:
              rateLimit:
                limits:
        {{limits}}
        """;

    public static EdgeContext Tenant(string tenant, string plan) =>
        new(null, new CallerIdentity { Kind = CredentialKind.ApiKey, Tenant = tenant, Plan = plan, KeyId = "key-" + tenant }, StageContext.Default);

    public static Task<GatewayResponse> GetAsync(GatewayHandler gateway, string path = "/items", EdgeContext? edge = null) =>
        gateway.HandleAsync(Requests.Create("GET", path), edge ?? Requests.Anonymous).AsTask();
}

/// <summary>Keeps every completed request's telemetry, as the metrics will read it.</summary>
public sealed class TelemetryRecorder : IRequestObserver
{
    private readonly ConcurrentQueue<RequestTelemetry> _requests = new();

    public IReadOnlyCollection<RequestTelemetry> Requests => _requests;

    public void OnCompleted(GatewayContext context, GatewayResponse response, TimeSpan elapsed) => _requests.Enqueue(context.Telemetry);
}
