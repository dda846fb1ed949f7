namespace Gateway.Configuration;

public enum LoadBalancing
{
    RoundRobin,
    Weighted,
}

/// <summary>How the gateway talks to a service: HTTP as the client sent it, or gRPC transcoded from JSON.</summary>
public enum ServiceProtocol
{
    /// <summary>HTTP/1.1.</summary>
    Http,

    /// <summary>
    /// HTTP/2 only: negotiated by ALPN on https, with prior knowledge (h2c) on http. A WebSocket upgrade still goes
    /// over HTTP/1.1, the only version whose handshake the gateway relays.
    /// </summary>
    Http2,

    Grpc,
}

public enum BackoffKind
{
    Exponential,
    Linear,
    Constant,
}

/// <summary>An upstream service: one or more instances and how to call them.</summary>
public sealed record ServiceConfig
{
    public required string Name { get; init; }
    public required IReadOnlyList<UpstreamInstance> Instances { get; init; }
    public LoadBalancing LoadBalancing { get; init; } = LoadBalancing.RoundRobin;
    public required UpstreamTimeouts Timeouts { get; init; }
    public required RetrySettings Retry { get; init; }
    public required CircuitBreakerSettings CircuitBreaker { get; init; }

    /// <summary>The active health check of its instances; null for none (only the passive breaker).</summary>
    public HealthCheckSettings? HealthCheck { get; init; }

    /// <summary>Whether the client's Host header is sent upstream instead of the instance's own host.</summary>
    public bool PreserveHost { get; init; }

    public ServiceProtocol Protocol { get; init; } = ServiceProtocol.Http;

    /// <summary>A gRPC service's descriptors, from the <c>.proto</c> its configuration names; null for HTTP.</summary>
    public Grpc.ProtoSchema? Proto { get; init; }
}

/// <summary>One instance of a service. <see cref="Url"/> may carry a base path that forwarded paths go under.</summary>
public sealed record UpstreamInstance(Uri Url, int Weight)
{
    private readonly Uri _url = Url;

    public Uri Url
    {
        get => _url;
        init
        {
            _url = value;
            ForwardingPrefix = PrefixOf(value);
        }
    }

    /// <summary>
    /// What a forwarded path is appended to: the scheme, the authority and the base path without a trailing slash.
    /// Kept with the URL (and renewed with it) because every forwarded request needs it.
    /// </summary>
    public string ForwardingPrefix { get; private init; } = PrefixOf(Url);

    private static string PrefixOf(Uri url) =>
        url.AbsolutePath.Length > 1 ? url.GetLeftPart(UriPartial.Path).TrimEnd('/') : url.GetLeftPart(UriPartial.Authority);
}

/// <summary>
/// How long to wait: to open a connection, for the response (headers and body), and for the whole exchange
/// including retries.
/// </summary>
public sealed record UpstreamTimeouts(TimeSpan Connect, TimeSpan Read, TimeSpan Deadline)
{
    public static UpstreamTimeouts Default { get; } = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(25));
}

/// <summary>When and how a failed upstream call is tried again.</summary>
public sealed record RetrySettings
{
    /// <summary>Total attempts, the first included: 1 means no retry.</summary>
    public int Attempts { get; init; } = 2;
    public BackoffKind Backoff { get; init; } = BackoffKind.Exponential;
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(50);
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Upstream statuses worth a retry (besides connection failures and timeouts).</summary>
    public IReadOnlyList<int> RetryOnStatus { get; init; } = [502, 503, 504];

    /// <summary>Retry POST and PATCH too. Off by default: they are not idempotent.</summary>
    public bool NonIdempotent { get; init; }

    /// <summary>Retries may add at most this fraction of the recent request rate…</summary>
    public double BudgetRatio { get; init; } = 0.2;

    /// <summary>…but at least this many retries per second are always allowed.</summary>
    public int BudgetMinPerSecond { get; init; } = 10;
}

/// <summary>A fixed answer served instead of calling a service whose breaker is open.</summary>
public sealed record FallbackResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body);

/// <summary>A service's circuit breaker, whose state all gateway instances share.</summary>
public sealed record CircuitBreakerSettings
{
    public bool Enabled { get; init; } = true;

    /// <summary>Failures within <see cref="Window"/> that open the breaker (when no ratio is set).</summary>
    public int FailureThreshold { get; init; } = 5;

    /// <summary>Alternatively, the failure ratio within the window that opens it, once <see cref="MinimumThroughput"/> is reached.</summary>
    public double? FailureRatio { get; init; }
    public int MinimumThroughput { get; init; } = 10;
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan OpenDuration { get; init; } = TimeSpan.FromSeconds(30);
    public int HalfOpenProbes { get; init; } = 1;
    public int SuccessesToClose { get; init; } = 2;
    public IReadOnlyList<int> FailureStatusCodes { get; init; } = [502, 503, 504];
    public bool CountTimeouts { get; init; } = true;
    public bool CountConnectionErrors { get; init; } = true;

    /// <summary>How long an instance trusts the state it last read before reading it again.</summary>
    public TimeSpan StateCacheTtl { get; init; } = TimeSpan.FromSeconds(1);
    public FallbackResponse? Fallback { get; init; }

    /// <summary>What a half-open breaker probes with: a client's request (the default), or the service's health path.</summary>
    public BreakerProbe Probe { get; init; } = BreakerProbe.Request;
}

public enum BreakerProbe
{
    /// <summary>The request that wins a probe slot is sent, and its outcome decides.</summary>
    Request,

    /// <summary>A GET of the service's <c>healthCheck</c> path decides; no client request is risked on the instance.</summary>
    Health,
}
