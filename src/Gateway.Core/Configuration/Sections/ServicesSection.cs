namespace Gateway.Configuration.Sections;

/// <summary>Reads <c>services:</c>: upstream instances and how to call them.</summary>
internal static class ServicesSection
{
    public static IReadOnlyDictionary<string, ServiceConfig> Read(ConfigNode node, ProtoFiles protos)
    {
        var services = new Dictionary<string, ServiceConfig>(StringComparer.Ordinal);
        if (!node.Exists)
        {
            node.Error("at least one service is required");
        }
        foreach (var (name, service) in node.Entries())
        {
            services[name] = ReadService(name, service, protos);
        }
        return services;
    }

    /// <summary>Reads a <c>timeouts:</c> block; missing fields take <paramref name="fallback"/>'s values.</summary>
    public static UpstreamTimeouts ReadTimeouts(ConfigNode node, UpstreamTimeouts fallback)
    {
        node.AllowKeys("connect", "read", "deadline");
        var timeouts = new UpstreamTimeouts(
            node["connect"].Duration(fallback.Connect, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(5)),
            node["read"].Duration(fallback.Read, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(15)),
            node["deadline"].Duration(fallback.Deadline, TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(15)));
        if (timeouts.Deadline < timeouts.Read)
        {
            node["deadline"].Error("must not be shorter than the read timeout");
        }
        return timeouts;
    }

    private static ServiceConfig ReadService(string name, ConfigNode node, ProtoFiles protos)
    {
        node.AllowKeys("url", "instances", "loadBalancing", "timeouts", "retry", "circuitBreaker", "preserveHost", "healthCheck", "protocol", "proto");
        var protocol = node["protocol"].Choice(ServiceProtocol.Http, ("http", ServiceProtocol.Http), ("http2", ServiceProtocol.Http2), ("grpc", ServiceProtocol.Grpc));
        Grpc.ProtoSchema? proto = null;
        if (protocol == ServiceProtocol.Grpc)
        {
            proto = protos.Load(node["proto"]);
        }
        else if (node["proto"].Exists)
        {
            node["proto"].Error("only a gRPC service has a .proto; add protocol: grpc or remove proto");
        }
        var healthCheck = HealthCheckSection.Read(node["healthCheck"]);
        var breaker = ReadBreaker(node["circuitBreaker"]);
        if (breaker.Probe == BreakerProbe.Health && healthCheck is null)
        {
            node["circuitBreaker"]["probe"].Error("probe: health needs the service's healthCheck (its path is what is probed)");
        }
        return new ServiceConfig
        {
            Name = name,
            Instances = ReadInstances(node),
            LoadBalancing = node["loadBalancing"].Choice(LoadBalancing.RoundRobin, ("roundRobin", LoadBalancing.RoundRobin), ("weighted", LoadBalancing.Weighted)),
            Timeouts = ReadTimeouts(node["timeouts"], UpstreamTimeouts.Default),
            Retry = ReadRetry(node["retry"]),
            CircuitBreaker = breaker,
            PreserveHost = node["preserveHost"].Bool(false),
            HealthCheck = healthCheck,
            Protocol = protocol,
            Proto = proto,
        };
    }

    private static IReadOnlyList<UpstreamInstance> ReadInstances(ConfigNode node)
    {
        var single = node["url"];
        var list = node["instances"];
        if (single.Exists == list.Exists)
        {
            node.Error("set either url (one instance) or instances (a list)");
            return [];
        }
        if (single.Exists)
        {
            return ReadUrl(single) is { } url ? [new UpstreamInstance(url, 1)] : [];
        }
        var instances = new List<UpstreamInstance>();
        foreach (var item in list.Items())
        {
            item.AllowKeys("url", "weight");
            if (ReadUrl(item["url"]) is { } url)
            {
                instances.Add(new UpstreamInstance(url, item["weight"].Int(1, 1, 1000)));
            }
        }
        if (instances.Count == 0 && !node.Document.HasProblems)
        {
            list.Error("at least one instance is required");
        }
        return instances;
    }

    private static Uri? ReadUrl(ConfigNode node)
    {
        var text = node.RequiredString();
        if (text.Length == 0)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            node.Error($"\"{text}\" is not an absolute http or https URL");
            return null;
        }
        if (url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            node.Error("an upstream URL may carry a base path but no query, fragment or credentials");
            return null;
        }
        return url;
    }

    private static RetrySettings ReadRetry(ConfigNode node)
    {
        node.AllowKeys("attempts", "backoff", "baseDelay", "maxDelay", "retryOn", "nonIdempotent", "budget");
        var defaults = new RetrySettings();
        var budget = node["budget"];
        budget.AllowKeys("ratio", "minPerSecond");
        var retry = new RetrySettings
        {
            Attempts = node["attempts"].Int(defaults.Attempts, 1, 10),
            Backoff = node["backoff"].Choice(defaults.Backoff, ("exponential", BackoffKind.Exponential), ("linear", BackoffKind.Linear), ("constant", BackoffKind.Constant)),
            BaseDelay = node["baseDelay"].Duration(defaults.BaseDelay, TimeSpan.Zero, TimeSpan.FromSeconds(30)),
            MaxDelay = node["maxDelay"].Duration(defaults.MaxDelay, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            RetryOnStatus = node["retryOn"].Exists ? StatusCodes(node["retryOn"]) : defaults.RetryOnStatus,
            NonIdempotent = node["nonIdempotent"].Bool(defaults.NonIdempotent),
            BudgetRatio = budget["ratio"].Double(defaults.BudgetRatio, 0, 10),
            BudgetMinPerSecond = budget["minPerSecond"].Int(defaults.BudgetMinPerSecond, 0, 100_000),
        };
        if (retry.MaxDelay < retry.BaseDelay)
        {
            node["maxDelay"].Error("must not be shorter than baseDelay");
        }
        return retry;
    }

    private static CircuitBreakerSettings ReadBreaker(ConfigNode node)
    {
        node.AllowKeys("enabled", "failureThreshold", "failureRatio", "minimumThroughput", "window", "openDuration",
            "halfOpenProbes", "successesToClose", "failureStatusCodes", "countTimeouts", "countConnectionErrors", "stateCacheTtl", "fallback", "probe");
        var defaults = new CircuitBreakerSettings();
        return new CircuitBreakerSettings
        {
            Enabled = node["enabled"].Bool(defaults.Enabled),
            FailureThreshold = node["failureThreshold"].Int(defaults.FailureThreshold, 1, 100_000),
            FailureRatio = node["failureRatio"].Exists ? node["failureRatio"].Double(0.5, 0.01, 1) : null,
            MinimumThroughput = node["minimumThroughput"].Int(defaults.MinimumThroughput, 1, 100_000),
            Window = node["window"].Duration(defaults.Window, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            OpenDuration = node["openDuration"].Duration(defaults.OpenDuration, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)),
            HalfOpenProbes = node["halfOpenProbes"].Int(defaults.HalfOpenProbes, 1, 1000),
            SuccessesToClose = node["successesToClose"].Int(defaults.SuccessesToClose, 1, 1000),
            FailureStatusCodes = node["failureStatusCodes"].Exists ? StatusCodes(node["failureStatusCodes"]) : defaults.FailureStatusCodes,
            CountTimeouts = node["countTimeouts"].Bool(defaults.CountTimeouts),
            CountConnectionErrors = node["countConnectionErrors"].Bool(defaults.CountConnectionErrors),
            StateCacheTtl = node["stateCacheTtl"].Duration(defaults.StateCacheTtl, TimeSpan.Zero, TimeSpan.FromMinutes(1)),
            Fallback = node["fallback"].Exists ? ReadFallback(node["fallback"]) : null,
            Probe = node["probe"].Choice(BreakerProbe.Request, ("request", BreakerProbe.Request), ("health", BreakerProbe.Health)),
        };
    }

    private static FallbackResponse ReadFallback(ConfigNode node)
    {
        node.AllowKeys("status", "headers", "body");
        return new FallbackResponse(node["status"].Int(503, 200, 599), node["headers"].StringMap(), node["body"].String() ?? string.Empty);
    }

    private static IReadOnlyList<int> StatusCodes(ConfigNode node) =>
        node.Items().Select(item => item.Int(0, 100, 599)).ToArray();
}
