using Gateway.Configuration;
using Gateway.Pipeline;

namespace Gateway.Policies;

/// <summary>
/// A kind of policy, Kong-style: a schema (reading and validating its settings once, at load) and a handler
/// (created once per route, run per request). A new policy is one new factory in the catalog; no other policy changes.
/// </summary>
public interface IPolicyFactory
{
    /// <summary>The key that configures this policy under a route's or the gateway's <c>policies:</c>.</summary>
    string Name { get; }

    PolicyPhase Phase { get; }

    /// <summary>
    /// The bodies this policy must see whole. Every factory states it (there is no default), so that a new policy cannot
    /// silently let a body stream past code that reads it.
    /// </summary>
    BodyNeeds BodyNeeds { get; }

    /// <summary>Reads and validates settings, reporting problems on <paramref name="node"/>; null when invalid.</summary>
    object? ReadSettings(ConfigNode node);

    IGatewayPolicy Create(object settings, PolicyBuildContext context);
}

/// <summary>The typed base every policy factory derives from.</summary>
public abstract class PolicyFactory<TSettings> : IPolicyFactory
    where TSettings : class
{
    public abstract string Name { get; }

    public abstract PolicyPhase Phase { get; }

    public abstract BodyNeeds BodyNeeds { get; }

    object? IPolicyFactory.ReadSettings(ConfigNode node) => Read(node);

    IGatewayPolicy IPolicyFactory.Create(object settings, PolicyBuildContext context) => Create((TSettings)settings, context);

    protected abstract TSettings? Read(ConfigNode node);

    protected abstract IGatewayPolicy Create(TSettings settings, PolicyBuildContext context);
}

/// <summary>
/// What a policy may use when it is built for a route. <c>Service</c> is null for a composed route. <paramref name="Shared"/>
/// holds what the gateway instance's policies share across routes.
/// </summary>
public sealed record PolicyBuildContext(RouteConfig Route, ServiceConfig? Service, GatewayConfig Config, Composition.GatewayServices Services, SharedPolicyParts Shared);
