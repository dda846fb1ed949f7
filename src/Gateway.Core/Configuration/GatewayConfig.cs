namespace Gateway.Configuration;

/// <summary>
/// The whole gateway configuration, loaded from one file and validated once. Immutable: a reload builds a new one.
/// </summary>
public sealed record GatewayConfig
{
    /// <summary>The file this configuration came from, as given to the loader.</summary>
    public required string SourceFile { get; init; }

    public required GatewaySettings Settings { get; init; }

    public required IReadOnlyDictionary<string, ServiceConfig> Services { get; init; }

    /// <summary>Routes in file order; the router orders them by specificity itself.</summary>
    public required IReadOnlyList<RouteConfig> Routes { get; init; }

    public required IReadOnlyDictionary<string, UsagePlanConfig> UsagePlans { get; init; }

    public required IReadOnlyDictionary<string, StageConfig> Stages { get; init; }

    /// <summary>Policies every route applies unless it configures a policy of the same name itself.</summary>
    public required IReadOnlyList<PolicyDefinition> DefaultPolicies { get; init; }

    public AuthSettings Auth { get; init; } = new();

    /// <summary>The Lambda functions' sizes; read by the CDK stack.</summary>
    public FunctionsConfig Functions { get; init; } = new();

    public IReadOnlyDictionary<string, TenantConfig> Tenants { get; init; } = new Dictionary<string, TenantConfig>();

    /// <summary>The policy kinds this configuration was read with: the builder asks them which routes they bind unasked.</summary>
    public Policies.PolicyCatalog Catalog { get; init; } = Policies.PolicyCatalog.Default;
}

/// <summary>Gateway-wide settings (the <c>gateway:</c> section).</summary>
public sealed record GatewaySettings
{
    public string Name { get; init; } = "gateway";

    /// <summary>Requests with a larger body get 413: before any policy runs when its length is declared, else once it is read that far.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1L << 20;

    /// <summary>
    /// Upstream responses larger than this are refused with 502 where the gateway buffers them (always on Lambda, whose
    /// response cannot exceed 6 MB; on <c>serve</c> only for routes whose policies read the response body).
    /// </summary>
    public long MaxResponseBodyBytes { get; init; } = 6L << 20;

    /// <summary>Whether X-Forwarded-For/Proto/Host are set on forwarded requests.</summary>
    public bool ForwardedHeaders { get; init; } = true;

    /// <summary>
    /// How long any one call to the shared state store (DynamoDB) may take before the limit or breaker that made it
    /// applies its fail mode. Short: the store is on every request's path.
    /// </summary>
    public TimeSpan StoreTimeout { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Whether literal route segments match only in their exact case. Off by default: an upstream that matches
    /// case-insensitively (ASP.NET, IIS, many Express and Spring setups) would read "/ADMIN" as "/admin", so the
    /// gateway must route it to the same route; the upstream then receives the route's own spelling.
    /// </summary>
    public bool CaseSensitive { get; init; }

    /// <summary>Whether a path segment may hold an encoded slash (%2F), which some upstreams decode into a separator.</summary>
    public bool AllowEncodedSlashes { get; init; }

    /// <summary>Peers whose X-Forwarded-For the gateway reads to find the client's address (serve behind a load balancer).</summary>
    public IReadOnlyList<System.Net.IPNetwork> TrustedProxies { get; init; } = [];

    /// <summary>The certificate <c>serve</c> listens with; null: plain HTTP, unless the environment names one.</summary>
    public TlsSettings? Tls { get; init; }
}

/// <summary>A deployment stage (dev, prod): API Gateway's stage throttling and stage variables.</summary>
public sealed record StageConfig(string Name, int ThrottleRate, int ThrottleBurst, IReadOnlyList<KeyValuePair<string, string>> Variables);
