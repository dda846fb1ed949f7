using Gateway.Pipeline;

namespace Gateway.Policies.Caching;

/// <summary>
/// The cache's <c>staleIfError</c> (RFC 5861's stale-if-error, decided by the gateway): every entry the cache stores
/// is also kept here until its TTL plus <c>staleIfError</c>, and served, marked <c>X-Cache: STALE</c> with its
/// <c>Age</c>, when the upstream fails (500, 502, 503, 504 or no answer) or its breaker is open. Only what the cache
/// stored can be served stale, so an answer the cache must not share never is. Bounded like the cache itself.
/// </summary>
internal sealed class StaleIfErrorStore(ResponseCacheSettings settings, TimeProvider time)
{
    public const string Marker = "STALE";

    private readonly ResponseCacheStore _entries = new(settings.MaxEntries, settings.MaxBytes, time);

    public void Keep(string key, CachedResponse entry) =>
        _entries.Set(key, entry with { Expires = entry.Expires + settings.StaleIfError });

    /// <summary>The entry to answer with instead of <paramref name="response"/>, when that is a failure and one is kept.</summary>
    public CachedResponse? TryServe(string key, GatewayContext context, Http.GatewayResponse response) =>
        IsFailure(context, response) && _entries.TryGet(key, out var stale) ? stale : null;

    private static bool IsFailure(GatewayContext context, Http.GatewayResponse response) =>
        response.StatusCode is 500 or 502 or 503 or 504 ||
        // An open breaker with a configured fallback answers without an error status; the real answer beats it.
        Resilience.CircuitBreaker.RefusedUnasked(context.Telemetry);
}
