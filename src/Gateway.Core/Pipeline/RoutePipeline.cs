namespace Gateway.Pipeline;

/// <summary>Composes a route's policies around its terminal step, once, into a single delegate.</summary>
public static class RoutePipeline
{
    public static RequestDelegate Compose(IReadOnlyList<IGatewayPolicy> policies, RequestDelegate terminal)
    {
        var next = terminal;
        for (var i = policies.Count - 1; i >= 0; i--)
        {
            var policy = policies[i];
            var inner = next;
            next = context => policy.InvokeAsync(context, inner);
        }
        return next;
    }
}
