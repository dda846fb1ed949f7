using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Health;
using Gateway.Observability;
using Gateway.Grpc;
using Gateway.Pipeline;
using Gateway.Policies;
using Gateway.Policies.Authorization;
using Gateway.Resilience;
using Gateway.Routing;
using Gateway.State;
using Microsoft.Extensions.Logging;

namespace Gateway.Composition;

/// <summary>
/// Builds a ready-to-run gateway from a validated configuration: one pipeline per route, composed once. Nothing here
/// runs per request.
/// </summary>
public static class GatewayBuilder
{
    public static GatewayHandler Build(GatewayConfig config, GatewayServices services)
    {
        var shared = new SharedParts(
            new HttpForwarder(services.UpstreamClient, config.Settings, services.StreamsResponses),
            new SharedPolicyParts(),
            new BreakerRegistry(services.Breakers ?? new InMemoryBreakerStore(), services.Time, services.LoggerFactory.CreateLogger<CircuitBreaker>()),
            config.Services.ToDictionary(
                pair => pair.Key,
                pair => new RetryBudget(pair.Value.Retry.BudgetRatio, pair.Value.Retry.BudgetMinPerSecond, services.Time),
                StringComparer.Ordinal),
            new HealthRegistry());
        var pipelines = new RequestDelegate[config.Routes.Count];
        foreach (var route in config.Routes)
        {
            pipelines[route.Index] = BuildRoute(route, config, services, shared);
        }
        IStateReporter[] reporters = [shared.Breakers, .. shared.Policies.OfType<IStateReporter>()];
        return new GatewayHandler(config, new RouteTable(config.Routes, config.Settings.CaseSensitive), pipelines, services, reporters, shared.Health);
    }

    private static RequestDelegate BuildRoute(RouteConfig route, GatewayConfig config, GatewayServices services, SharedParts shared)
    {
        var service = route.Service is { } name ? config.Services[name] : null;
        var context = new PolicyBuildContext(route, service, config, services, shared.Policies);

        // Route authorization is not configurable: it always runs first in its phase.
        var policies = new List<(PolicyPhase Phase, int Order, IGatewayPolicy Policy)>
        {
            (PolicyPhase.Authorization, -1, new RouteAuthorizationPolicy(route.Auth, services.Authenticator)),
        };
        for (var i = 0; i < route.Policies.Count; i++)
        {
            var definition = route.Policies[i];
            policies.Add((definition.Factory.Phase, i, definition.Factory.Create(definition.Settings, context)));
        }
        foreach (var factory in config.Catalog.Factories.OfType<IImplicitPolicyFactory>())
        {
            if (route.Policies.All(p => p.Factory != factory) && factory.ImplicitSettings(config, route) is { } settings)
            {
                policies.Add((factory.Phase, route.Policies.Count, factory.Create(settings, context)));
            }
        }
        var ordered = policies.OrderBy(p => p.Phase).ThenBy(p => p.Order).Select(p => p.Policy).ToArray();

        UpstreamInvoker Invoker(ServiceConfig target, UpstreamTimeouts timeouts) =>
            new(target, timeouts, shared.Forwarder, shared.Breakers.For(target), shared.RetryBudgets[target.Name], services.Time, shared.Health.For(target), services.UpstreamClient);
        RequestDelegate Side(ServiceConfig target) => Invoker(target, target.Timeouts).InvokeAsync;
        RequestDelegate terminal = route switch
        {
            { Compose: { } composition } => new ComposedInvoker(composition, config.Services, Invoker).InvokeAsync,
            { Split: { } split } => new SplitInvoker(split, split.Sides.Select(side => Side(config.Services[side.Service])).ToArray()).InvokeAsync,
            { Grpc: { } grpc } => new GrpcCallStep(grpc, new UpstreamInvoker(service!, route.Timeouts ?? service!.Timeouts,
                new GrpcForwarder(shared.Forwarder, config.Settings, grpc), shared.Breakers.For(service!), shared.RetryBudgets[service!.Name], services.Time,
                shared.Health.For(service!), services.UpstreamClient)).InvokeAsync,
            _ => Invoker(service!, route.Timeouts ?? service!.Timeouts).InvokeAsync,
        };
        return RoutePipeline.Compose(ordered, terminal);
    }

    /// <summary>What every route of one gateway shares: limits, breakers, retry budgets and health are per service or per key, not per route.</summary>
    private sealed record SharedParts(HttpForwarder Forwarder, SharedPolicyParts Policies, BreakerRegistry Breakers, IReadOnlyDictionary<string, RetryBudget> RetryBudgets, HealthRegistry Health);
}
