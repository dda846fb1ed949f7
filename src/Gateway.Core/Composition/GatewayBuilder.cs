using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Pipeline;
using Gateway.Policies;
using Gateway.Policies.Authorization;
using Gateway.Policies.RateLimiting;
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
        var forwarder = new HttpForwarder(services.UpstreamClient, config.Settings);
        var limiter = new RateLimiter(services.Counters ?? new InMemoryCounterStore(services.Time), services.Time, services.LoggerFactory.CreateLogger<RateLimiter>());
        var breakers = new BreakerRegistry(services.Breakers ?? new InMemoryBreakerStore(), services.Time, services.LoggerFactory.CreateLogger<CircuitBreaker>());
        var pipelines = new RequestDelegate[config.Routes.Count];
        foreach (var route in config.Routes)
        {
            pipelines[route.Index] = BuildRoute(route, config, services, forwarder, limiter, breakers);
        }
        return new GatewayHandler(config, new RouteTable(config.Routes), pipelines, services, [breakers, limiter]);
    }

    private static RequestDelegate BuildRoute(RouteConfig route, GatewayConfig config, GatewayServices services, HttpForwarder forwarder, RateLimiter limiter, BreakerRegistry breakers)
    {
        var service = config.Services[route.Service];
        var context = new PolicyBuildContext(route, service, config, services, limiter);

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
        if (config.UsagePlans.Count > 0 && route.Policies.All(p => p.Factory != RateLimitFactory.Instance))
        {
            // Usage plans bind every route, limited or not.
            IPolicyFactory planOnly = RateLimitFactory.Instance;
            policies.Add((planOnly.Phase, route.Policies.Count, planOnly.Create(RateLimitSettings.None, context)));
        }
        var ordered = policies.OrderBy(p => p.Phase).ThenBy(p => p.Order).Select(p => p.Policy).ToArray();

        var invoker = new UpstreamInvoker(service, route.Timeouts ?? service.Timeouts, forwarder, breakers.For(service));
        return RoutePipeline.Compose(ordered, invoker.InvokeAsync);
    }
}
