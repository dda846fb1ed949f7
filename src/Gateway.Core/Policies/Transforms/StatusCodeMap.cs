using System.Globalization;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Transforms;

/// <summary>Upstream status codes and what the client gets instead.</summary>
public sealed record StatusCodeMapSettings(IReadOnlyDictionary<int, int> Map);

/// <summary>
/// Replaces the status of the upstream's answers (502 → 503, say). The gateway's own errors keep the statuses their
/// codes document: the map is about what the upstream says, not about what the gateway says of it.
/// </summary>
public sealed class StatusCodeMapPolicy(StatusCodeMapSettings settings) : IGatewayPolicy
{
    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var response = await next(context).ConfigureAwait(false);
        if (context.Telemetry.ErrorCode is null && settings.Map.TryGetValue(response.StatusCode, out var mapped))
        {
            response.StatusCode = mapped;
        }
        return response;
    }
}

/// <summary>The <c>responseStatus</c> policy: <c>{ 502: 503, 404: 410 }</c>.</summary>
public sealed class StatusCodeMapFactory : PolicyFactory<StatusCodeMapSettings>
{
    public static StatusCodeMapFactory Instance { get; } = new();

    public override string Name => "responseStatus";

    public override PolicyPhase Phase => PolicyPhase.ResponseTransform;

    public override BodyNeeds BodyNeeds => BodyNeeds.None;

    protected override StatusCodeMapSettings Read(ConfigNode node)
    {
        var map = new Dictionary<int, int>();
        foreach (var (key, value) in node.Entries())
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var from) || from is < 100 or > 599)
            {
                value.Error($"\"{key}\" is not an HTTP status code (100-599)");
                continue;
            }
            map[from] = value.Int(from, 100, 599);
        }
        if (map.Count == 0 && node.IsMapping)
        {
            node.Error("maps no status codes");
        }
        return new StatusCodeMapSettings(map);
    }

    protected override IGatewayPolicy Create(StatusCodeMapSettings settings, PolicyBuildContext context) => new StatusCodeMapPolicy(settings);
}
