using Gateway.Canonicalization;
using Gateway.Policies.Transforms;

namespace Gateway.Configuration.Sections;

/// <summary>
/// Reads a route's <c>compose:</c> — <c>{ timeout: 2s, onFailure: fail | omit, parts: { name: { service, path,
/// timeout, onFailure } } }</c> — checking each part's service and path.
/// </summary>
internal static class CompositionSection
{
    public static CompositionConfig? Read(ConfigNode node, IReadOnlyDictionary<string, ServiceConfig> services)
    {
        node.AllowKeys("timeout", "onFailure", "parts");
        var defaultTimeout = node["timeout"].Exists ? node["timeout"].Duration(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(15)) : (TimeSpan?)null;
        var defaultRequired = ReadRequired(node["onFailure"], fallback: true);
        if (!node["parts"].IsMapping)
        {
            node["parts"].Error("is required: a mapping of part names to { service, path }");
            return null;
        }
        var parts = new List<CompositionPart>();
        foreach (var (name, part) in node["parts"].Entries())
        {
            if (ReadPart(name, part, services, defaultTimeout, defaultRequired) is { } read)
            {
                parts.Add(read);
            }
        }
        if (!node["parts"].Entries().Any())
        {
            node["parts"].Error("lists no parts");
        }
        return parts.Count > 0 ? new CompositionConfig(parts) : null;
    }

    private static CompositionPart? ReadPart(string name, ConfigNode node, IReadOnlyDictionary<string, ServiceConfig> services, TimeSpan? defaultTimeout, bool defaultRequired)
    {
        node.AllowKeys("service", "path", "timeout", "onFailure");
        if (name.StartsWith('_'))
        {
            node.Error("part names starting with '_' are reserved (the merged answer reports failed parts under \"_errors\")");
        }
        var serviceName = node["service"].RequiredString();
        ServiceConfig? service = null;
        if (serviceName.Length > 0 && !services.TryGetValue(serviceName, out service))
        {
            node["service"].Error($"unknown service \"{serviceName}\"{Suggestions.DidYouMean(serviceName, services.Keys)}");
        }
        else if (service?.Protocol == ServiceProtocol.Grpc)
        {
            // A part is a GET of a path; a gRPC service is reached through a route of its own (grpc.method).
            node["service"].Error($"service \"{serviceName}\" is a gRPC service; a composed route calls HTTP services only");
        }
        var target = node["path"].RequiredString();
        var question = target.IndexOf('?');
        var pathText = question < 0 ? target : target[..question];
        if (target.Length > 0 && (!pathText.StartsWith('/') || !CanonicalPath.TryCreate(pathText, out _, out _) || pathText.Contains("//", StringComparison.Ordinal)))
        {
            node["path"].Error($"\"{target}\" must start with '/' and have no empty or dot segments");
        }
        var path = ValueTemplate.Parse(pathText, node["path"]);
        var query = question < 0 ? null : ValueTemplate.Parse(target[(question + 1)..], node["path"]);
        var timeout = node["timeout"].Exists ? node["timeout"].Duration(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(15)) : defaultTimeout;
        var required = ReadRequired(node["onFailure"], defaultRequired);
        if (service is null || target.Length == 0)
        {
            return null;
        }
        // The part's timeout bounds the whole call, connecting included.
        var timeouts = timeout is { } limit
            ? new UpstreamTimeouts(limit < service.Timeouts.Connect ? limit : service.Timeouts.Connect, limit, limit)
            : service.Timeouts;
        return new CompositionPart(name, serviceName, path, query, timeouts, required);
    }

    private static bool ReadRequired(ConfigNode node, bool fallback) =>
        node.Choice(fallback, ("fail", true), ("omit", false));
}
