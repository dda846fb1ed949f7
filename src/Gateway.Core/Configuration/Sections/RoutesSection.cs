using Gateway.Canonicalization;
using Gateway.Http;
using Gateway.Policies;
using Gateway.Routing;

namespace Gateway.Configuration.Sections;

/// <summary>Reads <c>routes:</c> and checks them against the services and against each other.</summary>
internal static class RoutesSection
{
    private static readonly string[] Keys = ["name", "path", "methods", "host", "stripPrefix", "service", "compose", "auth", "timeouts", "policies", "matrixParams", "match", "split", "stickyBy", "grpc"];

    public static IReadOnlyList<RouteConfig> Read(
        ConfigNode node,
        IReadOnlyDictionary<string, ServiceConfig> services,
        IReadOnlyList<PolicyDefinition> defaults,
        PolicyCatalog catalog,
        GatewaySettings settings)
    {
        if (!node.Exists)
        {
            node.Error("at least one route is required");
        }
        var routes = new List<RouteConfig>();
        var nodes = new List<ConfigNode>();
        foreach (var item in node.Items())
        {
            if (ReadRoute(item, routes.Count, services, defaults, catalog) is { } route)
            {
                routes.Add(route);
                nodes.Add(item);
            }
        }
        CheckUniqueness(routes, nodes, settings.CaseSensitive);
        return routes;
    }

    private static RouteConfig? ReadRoute(
        ConfigNode node,
        int index,
        IReadOnlyDictionary<string, ServiceConfig> services,
        IReadOnlyList<PolicyDefinition> defaults,
        PolicyCatalog catalog)
    {
        node.AllowKeys(Keys);
        var pathText = node["path"].RequiredString();
        RouteTemplate? template = null;
        if (pathText.Length > 0 && !RouteTemplate.TryParse(pathText, out template, out var templateError))
        {
            node["path"].Error($"\"{pathText}\" {templateError}");
        }

        var methods = ReadMethods(node["methods"]);
        var composed = node["compose"].Exists;
        var splits = node["split"].Exists;
        var serviceName = composed || splits ? node["service"].String() ?? string.Empty : node["service"].RequiredString();
        if (composed && serviceName.Length > 0)
        {
            node["service"].Error("a composed route calls the services its parts name; remove service or compose");
        }
        else if (splits && (serviceName.Length > 0 || composed))
        {
            node["split"].Error("a split route forwards to the services its sides name; give split, service or compose, one of them");
        }
        else if (serviceName.Length > 0 && !services.ContainsKey(serviceName))
        {
            node["service"].Error($"unknown service \"{serviceName}\"{Suggestions.DidYouMean(serviceName, services.Keys)}");
        }
        var compose = composed ? CompositionSection.Read(node["compose"], services) : null;
        var split = SplitSection.Read(node, services);
        if (splits && node["timeouts"].Exists)
        {
            node["timeouts"].Error("each side of a split keeps its service's timeouts");
        }
        if (composed && node["timeouts"].Exists)
        {
            node["timeouts"].Error("a composed route sets a timeout per part (compose.timeout, compose.parts.NAME.timeout)");
        }

        var stripPrefix = node["stripPrefix"].String();
        if (stripPrefix is not null && !IsPrefixShape(stripPrefix))
        {
            // Checked apart from the path, so that a broken path does not hide this problem.
            node["stripPrefix"].Error($"\"{stripPrefix}\" must start with '/' and not end with one");
        }
        else if (stripPrefix is not null && template is not null && !IsPrefixOf(stripPrefix, template))
        {
            node["stripPrefix"].Error($"\"{stripPrefix}\" is not a literal prefix of the path \"{pathText}\", so it would never be stripped");
        }

        var host = ReadHost(node["host"]);
        var match = MatchSection.Read(node["match"]);

        var ownPolicies = PoliciesSection.Read(node["policies"], catalog);
        // Read even when the service is unknown (against the defaults then), so that both problems are reported.
        var timeouts = node["timeouts"].Exists
            ? ServicesSection.ReadTimeouts(node["timeouts"], services.GetValueOrDefault(serviceName)?.Timeouts ?? UpstreamTimeouts.Default)
            : null;
        var auth = ReadAuth(node["auth"]);
        services.TryGetValue(serviceName, out var target);
        var grpc = GrpcRouteSection.Read(node, target, template);

        if (template is null || (composed ? compose is null : splits ? split is null : serviceName.Length == 0))
        {
            return null;
        }
        return new RouteConfig
        {
            Name = node["name"].String() ?? DefaultName(methods, pathText, match),
            Index = index,
            Path = template,
            Methods = methods,
            Host = host,
            Match = match,
            MatrixParams = node["matrixParams"].Bool(false),
            StripPrefix = stripPrefix,
            Service = composed || splits ? null : serviceName,
            Split = split,
            Compose = compose,
            Grpc = grpc,
            Auth = auth,
            Timeouts = timeouts,
            Policies = PoliciesSection.Merge(defaults, ownPolicies),
            Line = node.Line,
        };
    }

    private static IReadOnlySet<string>? ReadMethods(ConfigNode node)
    {
        var listed = node.StringList();
        if (listed.Count == 0 || listed.Any(m => m.Equals("ANY", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }
        var methods = new HashSet<string>(StringComparer.Ordinal);
        foreach (var method in listed)
        {
            var upper = method.ToUpperInvariant();
            if (!HttpToken.IsValid(upper))
            {
                node.Error($"\"{method}\" is not an HTTP method");
                continue;
            }
            methods.Add(upper);
        }
        return methods;
    }

    /// <summary><c>auth: jwt</c>, or <c>auth: { type: jwt, scopes: [...], roles: [...] }</c>.</summary>
    private static RouteAuth ReadAuth(ConfigNode node)
    {
        if (!node.Exists)
        {
            return RouteAuth.Public;
        }
        var typeNode = node.IsMapping ? node["type"] : node;
        if (node.IsMapping)
        {
            node.AllowKeys("type", "scopes", "roles", "hideCredentials");
        }
        var requirement = typeNode.Choice(AuthRequirement.None,
            ("none", AuthRequirement.None), ("jwt", AuthRequirement.Jwt), ("apiKey", AuthRequirement.ApiKey), ("any", AuthRequirement.Any));
        var scopes = node.IsMapping ? node["scopes"].StringList() : [];
        var roles = node.IsMapping ? node["roles"].StringList() : [];
        if (requirement == AuthRequirement.None && (scopes.Count > 0 || roles.Count > 0))
        {
            node.Error("scopes and roles need an authenticated route (type: jwt, apiKey or any)");
        }
        var hideCredentials = !node.IsMapping || node["hideCredentials"].Bool(true);
        if (requirement == AuthRequirement.None && !hideCredentials)
        {
            node["hideCredentials"].Error("a public route verifies no credential, so it forwards whatever the client sends; remove hideCredentials");
        }
        return new RouteAuth(requirement, scopes, roles, hideCredentials);
    }

    /// <summary>The route's host in the canonical spelling requests are matched in ("*." kept for subdomains).</summary>
    private static string? ReadHost(ConfigNode node)
    {
        var host = node.String();
        if (host is null)
        {
            return null;
        }
        var wildcard = host.StartsWith("*.", StringComparison.Ordinal);
        if (!CanonicalHost.TryCreate(wildcard ? host[2..] : host, out var canonical, out _) || canonical is null || canonical.Contains(':'))
        {
            node.Error($"\"{host}\" is not a host name (give it without a port; internationalized names in their xn-- form)");
            return null;
        }
        return wildcard ? "*." + canonical : canonical;
    }

    private static bool IsPrefixShape(string prefix) => prefix.StartsWith('/') && prefix.Length > 1 && !prefix.EndsWith('/');

    private static bool IsPrefixOf(string prefix, RouteTemplate template)
    {
        var literal = template.LiteralPrefix;
        return literal == prefix || literal.StartsWith(prefix + "/", StringComparison.Ordinal);
    }

    private static string DefaultName(IReadOnlySet<string>? methods, string path, RouteConditions match) =>
        (methods is null ? $"ANY {path}" : $"{string.Join(',', methods.Order(StringComparer.Ordinal))} {path}") +
        (match.Count == 0 ? string.Empty : $" [{match.Key}]");

    /// <summary>
    /// Route names must be unique, and no two routes may claim the same method, host, template and match conditions
    /// (such a pair can never be told apart: the second would never be reached). Each route is
    /// reported once, against the first route it clashes with: a file of many copies gets one problem per copy, not
    /// one per pair.
    /// </summary>
    private static void CheckUniqueness(List<RouteConfig> routes, List<ConfigNode> nodes, bool caseSensitive)
    {
        var byName = new Dictionary<string, int>(StringComparer.Ordinal);
        var byPlace = new Dictionary<(string Path, string? Host, string Match), List<int>>();
        // Without caseSensitive, "/Admin" and "/admin" are one path: the first would take the other's requests.
        string Place(RouteConfig route) => caseSensitive ? route.Path.Text : route.Path.Text.ToLowerInvariant();
        for (var i = 0; i < routes.Count; i++)
        {
            var route = routes[i];
            if (!byName.TryAdd(route.Name, i))
            {
                var first = routes[byName[route.Name]];
                nodes[i]["name"].Error($"route name \"{route.Name}\" is already used by routes[{byName[route.Name]}] (line {first.Line})");
                continue;
            }
            var place = (Place(route), route.Host, route.Match.Key);
            if (!byPlace.TryGetValue(place, out var samePlace))
            {
                byPlace[place] = samePlace = [];
            }
            var clash = samePlace.FindIndex(j => MethodsOverlap(route, routes[j]));
            if (clash >= 0)
            {
                var j = samePlace[clash];
                nodes[i]["path"].Error($"routes[{j}] (line {routes[j].Line}) already serves {route.Path.Text} for the same methods{SameConditions(route)}");
            }
            samePlace.Add(i);
        }
    }

    private static string SameConditions(RouteConfig route) =>
        route.Match.Count == 0 ? string.Empty : " and the same match conditions, so this route could never be reached";

    private static bool MethodsOverlap(RouteConfig a, RouteConfig b) =>
        a.Methods is null || b.Methods is null || a.Methods.Overlaps(b.Methods);
}
