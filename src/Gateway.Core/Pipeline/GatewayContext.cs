using System.Diagnostics;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Identity;
using Gateway.Routing;

namespace Gateway.Pipeline;

/// <summary>Everything the pipeline knows about one request while it runs. One per request, never shared.</summary>
public sealed class GatewayContext
{
    private HeaderCollection? _responseHeaders;

    /// <param name="deadline">The host's hard bound on the request (a Lambda invocation's deadline, less a margin to answer).</param>
    public GatewayContext(GatewayRequest request, string requestId, EdgeContext edge, CancellationToken aborted, CancellationToken deadline = default)
    {
        Request = request;
        RequestId = requestId;
        Identity = edge.Identity;
        Stage = edge.Stage;
        Aborted = aborted;
        Deadline = deadline;
        OriginalPath = request.Path;
        StartTimestamp = Stopwatch.GetTimestamp();
    }

    public GatewayRequest Request { get; }

    /// <summary>The id returned to the client as X-Request-ID and sent upstream; the logs' correlation id.</summary>
    public string RequestId { get; }

    /// <summary>
    /// The path the route matched, in its canonical spelling, before strip-prefix or rewrites changed
    /// <see cref="GatewayRequest.Path"/> (the client's raw path until the edge has read it).
    /// </summary>
    public string OriginalPath { get; internal set; }

    /// <summary>The matched route. Set before any policy runs.</summary>
    public RouteConfig Route { get; internal set; } = null!;

    public RouteValues RouteValues { get; internal set; } = RouteValues.Empty;

    /// <summary>The caller as the authorizer established it; null for anonymous callers.</summary>
    public CallerIdentity? Identity { get; set; }

    public StageContext Stage { get; }

    /// <summary>The client went away: nobody waits for the answer.</summary>
    public CancellationToken Aborted { get; }

    /// <summary>
    /// The host cannot wait any longer (Lambda is about to stop the invocation): upstream calls end and the client
    /// gets a 504 while there is still time to send it. Never canceled for the local host.
    /// </summary>
    public CancellationToken Deadline { get; }

    /// <summary>
    /// Headers for the client's response whatever it turns out to be, success or error (rate-limit headers, for
    /// example). The handler copies them onto the final response. Created on first use: most requests have none.
    /// </summary>
    public HeaderCollection ResponseHeaders => _responseHeaders ??= new(4);

    internal HeaderCollection? PendingResponseHeaders => _responseHeaders;

    /// <summary>What the access log and metrics report about this request.</summary>
    public RequestTelemetry Telemetry { get; } = new();

    public long StartTimestamp { get; }
}

/// <summary>What the edge (API Gateway or the local host) established before the pipeline runs.</summary>
public readonly record struct EdgeContext(string? RequestId, CallerIdentity? Identity, StageContext Stage);

/// <summary>The deployment stage the request arrived on, and its stage variables.</summary>
public sealed record StageContext(string Name, IReadOnlyDictionary<string, string> Variables)
{
    public static StageContext Default { get; } = new("$default", new Dictionary<string, string>());
}

/// <summary>
/// Facts recorded about one request. The access log and the metrics read them when the request completes, so a policy
/// reports what happened here and needs no reference to logging or metrics. What every request has (its upstream, its
/// timing, the gateway's error code) is a property; what a particular policy or part found is a <see cref="TelemetryTag"/>.
/// </summary>
public sealed class RequestTelemetry
{
    // Most requests record none or two or three tags: a list searched in order beats a dictionary.
    private List<KeyValuePair<TelemetryTag, string>>? _tags;

    public string? UpstreamService { get; set; }

    /// <summary>Time spent waiting on the upstream, retries included.</summary>
    public TimeSpan? UpstreamTime { get; set; }

    /// <summary>Upstream attempts made (0 when the gateway answered without calling it).</summary>
    public int UpstreamAttempts { get; set; }

    /// <summary>Calls to the shared store (DynamoDB) that failed or timed out during this request.</summary>
    public int StoreFailures { get; set; }

    /// <summary>The gateway error code, when the gateway answered rather than the upstream.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>The tags set, in the order they were first set.</summary>
    public IReadOnlyList<KeyValuePair<TelemetryTag, string>> Tags => _tags ?? (IReadOnlyList<KeyValuePair<TelemetryTag, string>>)[];

    /// <summary>The tag's value; null when it was not set.</summary>
    public string? this[TelemetryTag tag]
    {
        get
        {
            if (_tags is { } tags)
            {
                foreach (var (key, value) in tags)
                {
                    if (ReferenceEquals(key, tag))
                    {
                        return value;
                    }
                }
            }
            return null;
        }
    }

    /// <summary>Sets the tag, replacing an earlier value (a cache MISS that became a stale answer).</summary>
    public void Tag(TelemetryTag tag, string value)
    {
        var tags = _tags ??= new(4);
        for (var i = 0; i < tags.Count; i++)
        {
            if (ReferenceEquals(tags[i].Key, tag))
            {
                tags[i] = new(tag, value);
                return;
            }
        }
        tags.Add(new(tag, value));
    }
}
