using Gateway.Http;
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
    public ScriptedUpstreamHandler Upstream { get; } = new();

    public GatewayHandler NewInstance() => TestGateway.Build(yaml, Upstream, time, counters, breakers);

    public static async Task<StateGateway> CreateAsync(IStoreSource source, string yaml, TimeProvider time)
    {
        var (counters, breakers) = await source.CreateStoresAsync(time);
        return new StateGateway(yaml, counters, breakers, time);
    }

    public static EdgeContext Tenant(string tenant, string plan) =>
        new(null, new CallerIdentity { Kind = CredentialKind.ApiKey, Tenant = tenant, Plan = plan, KeyId = "key-" + tenant }, StageContext.Default);

    public static Task<GatewayResponse> GetAsync(GatewayHandler gateway, string path = "/items", EdgeContext? edge = null) =>
        gateway.HandleAsync(Requests.Create("GET", path), edge ?? Requests.Anonymous).AsTask();
}
