using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Forwarding;

/// <summary>
/// The end of a split route's pipeline: picks a side (sticky by the caller's key when the route says so and the
/// request has one, else in weighted turn) and hands the request to that service's invoker, which names the side's
/// service in the access log (<c>upstreamService</c>).
/// </summary>
public sealed class SplitInvoker(RouteSplit split, IReadOnlyList<RequestDelegate> sides)
{
    private readonly SplitChooser _chooser = new(split.Sides);

    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context)
    {
        var side = StickyKey(split.StickyBy, context) is { Length: > 0 } key ? _chooser.ForKey(key) : _chooser.Next();
        return sides[side](context);
    }

    /// <summary>The caller's key; null for a caller without one (anonymous, no such header), who gets the weighted turn.</summary>
    private static string? StickyKey(StickyBy? stickyBy, GatewayContext context) => stickyBy?.Kind switch
    {
        StickyKind.Subject => context.Identity?.Subject,
        StickyKind.Tenant => context.Identity?.Tenant,
        StickyKind.ApiKey => context.Identity?.KeyId,
        StickyKind.Ip => context.Request.ClientAddress?.ToString(),
        StickyKind.Header => context.Request.Headers.Get(stickyBy.Header!),
        _ => null,
    };
}
