using System.Net;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Edge;

/// <summary>Networks allowed and denied. An empty allow list allows every address the deny list does not name.</summary>
public sealed record IpFilterSettings(IReadOnlyList<IPNetwork> Allow, IReadOnlyList<IPNetwork> Deny)
{
    public bool Admits(IPAddress address)
    {
        // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d; rules are written in IPv4.
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }
        foreach (var network in Deny)
        {
            if (network.Contains(address))
            {
                return false;
            }
        }
        if (Allow.Count == 0)
        {
            return true;
        }
        foreach (var network in Allow)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }
        return false;
    }
}

/// <summary>
/// Admits or refuses (403) the client by its address: the one the host saw (API Gateway's <c>sourceIp</c>, the
/// connection's peer locally), never a header such as X-Forwarded-For, which the client writes. A request whose
/// address is unknown is refused: the rules cannot be checked.
/// </summary>
public sealed class IpFilterPolicy(IpFilterSettings settings) : IGatewayPolicy
{
    public ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var address = context.Request.ClientAddress;
        if (address is not null && settings.Admits(address))
        {
            return next(context);
        }
        return ValueTask.FromResult(GatewayErrors.Create(context, 403, ErrorCodes.Forbidden,
            address is null ? "the client address is unknown, so this route refuses it" : $"the client address {address} is not allowed on this route"));
    }
}

/// <summary>The <c>ipFilter</c> policy: <c>{ allow: [10.0.0.0/8, "2001:db8::/32"], deny: [10.0.13.0/24] }</c>.</summary>
public sealed class IpFilterFactory : PolicyFactory<IpFilterSettings>
{
    public static IpFilterFactory Instance { get; } = new();

    public override string Name => "ipFilter";

    public override PolicyPhase Phase => PolicyPhase.Edge;

    public override BodyNeeds BodyNeeds => BodyNeeds.None;

    protected override IpFilterSettings Read(ConfigNode node)
    {
        node.AllowKeys("allow", "deny");
        var settings = new IpFilterSettings(NetworkList.Read(node["allow"], out var allowed), NetworkList.Read(node["deny"], out var denied));
        if (allowed + denied == 0)
        {
            node.Error("needs an allow or a deny list");
        }
        return settings;
    }

    protected override IGatewayPolicy Create(IpFilterSettings settings, PolicyBuildContext context) => new IpFilterPolicy(settings);
}
