using Gateway.Http;

namespace Gateway.Pipeline;

/// <summary>The rest of a route's pipeline, from a policy's point of view.</summary>
public delegate ValueTask<GatewayResponse> RequestDelegate(GatewayContext context);

/// <summary>
/// One policy: a small object with one job. It may answer the request itself (a 429, a cached response), change the
/// request before calling <paramref name="next"/>, or change the response after it.
/// </summary>
public interface IGatewayPolicy
{
    ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next);
}

/// <summary>
/// Where a policy runs. Phases make the order safe whatever order the file lists policies in: no transform can run
/// before authorization, no cache can answer before the rate limit counts. Within a phase the file's order holds.
/// </summary>
public enum PolicyPhase
{
    /// <summary>Cheap checks on the raw request: CORS, IP filters, size limits, schema validation.</summary>
    Edge = 100,

    /// <summary>Who may call this route.</summary>
    Authorization = 200,

    /// <summary>Whether the caller may call now: rate limits and quotas.</summary>
    Admission = 300,

    /// <summary>Answers from cache without reaching the upstream.</summary>
    Cache = 400,

    /// <summary>Rewrites the upstream's response on its way out.</summary>
    ResponseTransform = 500,

    /// <summary>Rewrites the request on its way in.</summary>
    RequestTransform = 600,
}
