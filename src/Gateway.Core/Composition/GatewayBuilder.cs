using Gateway.Configuration;
using Gateway.Forwarding;
using Gateway.Pipeline;
using Gateway.Policies;
using Gateway.Policies.Authorization;
using Gateway.Routing;

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
        var pipelines = new RequestDelegate[config.Routes.Count];
        foreach (var route in config.Routes)
        {
            pipelines[route.Index] = BuildRoute(route, config, services, forwarder);
        }
        return new GatewayHandler(config, new RouteTable(config.Routes), pipelines, services);
    }

    private static RequestDelegate BuildRoute(RouteConfig route, GatewayConfig config, GatewayServices services, HttpForwarder forwarder)
    {
        var service = route.Service is { } name ? config.Services[name] : null;
        var context = new PolicyBuildContext(route, service, config, services);

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
        var ordered = policies.OrderBy(p => p.Phase).ThenBy(p => p.Order).Select(p => p.Policy).ToArray();

        RequestDelegate terminal = route.Compose is { } composition
            ? new ComposedInvoker(composition, config.Services, forwarder).InvokeAsync
            : new UpstreamInvoker(service!, route.Timeouts ?? service!.Timeouts, forwarder).InvokeAsync;
        return RoutePipeline.Compose(ordered, terminal);
    }
}
