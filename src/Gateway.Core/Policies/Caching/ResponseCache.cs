using System.Globalization;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Caching;

/// <summary>How a route caches its GET answers.</summary>
/// <param name="Shared">
/// Answers to verified callers may be reused for other callers (RFC 9111 §3.5: only when the upstream also marks them
/// <c>public</c> or gives an <c>s-maxage</c>). Off by default: each verified caller has its own entries.
/// </param>
public sealed record ResponseCacheSettings(
    TimeSpan Ttl,
    IReadOnlyList<string> VaryByHeaders,
    bool VaryByTenant,
    bool Shared,
    IReadOnlySet<int> Statuses,
    int MaxEntries,
    long MaxBytes,
    TimeSpan StaleIfError = default) : IConfigWarnings
{
    public IEnumerable<string> Warnings()
    {
        if (Shared)
        {
            yield return "shared: true lets one caller's cached answer be served to other callers (those the upstream marks public or gives an s-maxage); make sure the route's answers do not depend on who asks";
        }
    }
}

/// <summary>
/// Answers GET and HEAD from an in-memory cache of the route's GET answers, keyed as <see cref="CacheKey"/> says (by
/// default each verified caller apart; requests carrying inputs outside the key bypass it). An answer is stored when
/// its status is one the route caches, it sets no cookie, the upstream's <c>Cache-Control</c> allows it (no
/// <c>no-store</c>, <c>private</c> or <c>no-cache</c>; <c>public</c> or <c>s-maxage</c> when it is shared across
/// callers; its <c>s-maxage</c> or <c>max-age</c> shortens the TTL) and its <c>Vary</c> names only headers the key
/// includes. Responses say <c>X-Cache: HIT</c>, <c>MISS</c> or <c>BYPASS</c>; hits carry <c>Age</c>. The cache sits
/// after rate limits (a hit still counts) and before response transforms (it keeps their result).
/// </summary>
public sealed class ResponseCachePolicy : IGatewayPolicy
{
    private const string CacheHeader = "X-Cache";

    /// <summary>HIT, MISS, BYPASS or the stale marker, as the X-Cache header says.</summary>
    public static TelemetryTag OutcomeTag { get; } = new("cache");

    private readonly ResponseCacheSettings _settings;
    private readonly CacheKey _keys;
    private readonly TimeProvider _time;
    private readonly StaleIfErrorStore? _stale;

    public ResponseCachePolicy(ResponseCacheSettings settings, TimeProvider time)
    {
        _settings = settings;
        _keys = new CacheKey(settings);
        _time = time;
        Store = new ResponseCacheStore(settings.MaxEntries, settings.MaxBytes, time);
        _stale = settings.StaleIfError > TimeSpan.Zero ? new StaleIfErrorStore(settings, time) : null;
    }

    internal ResponseCacheStore Store { get; }

    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var method = context.Request.Method;
        if (method is not ("GET" or "HEAD"))
        {
            return await next(context).ConfigureAwait(false);
        }
        if (_keys.For(context) is not { } key)
        {
            context.Telemetry.Tag(OutcomeTag, "BYPASS");
            var bypassed = await next(context).ConfigureAwait(false);
            bypassed.Headers.Set(CacheHeader, "BYPASS");
            return bypassed;
        }
        if (Store.TryGet(key, out var cached))
        {
            context.Telemetry.Tag(OutcomeTag, "HIT");
            return Hit(cached, "HIT", head: method == "HEAD");
        }

        context.Telemetry.Tag(OutcomeTag, "MISS");
        var response = await next(context).ConfigureAwait(false);
        if (_stale?.TryServe(key, context, response) is { } stale)
        {
            context.Telemetry.Tag(OutcomeTag, StaleIfErrorStore.Marker);
            return Hit(stale, StaleIfErrorStore.Marker, head: method == "HEAD");
        }
        if (method == "GET" && context.Telemetry.ErrorCode is null && TimeToLive(response, _keys.IsSharedAcrossCallers(context)) is { } ttl)
        {
            var now = _time.GetUtcNow();
            var entry = new CachedResponse(response.StatusCode, [.. response.Headers.AsSpan()], response.Body, now, now + ttl);
            Store.Set(key, entry);
            _stale?.Keep(key, entry);
        }
        response.Headers.Set(CacheHeader, "MISS");
        return response;
    }

    /// <param name="marker">The <c>X-Cache</c> value: HIT for a fresh entry, STALE for one served past its TTL.</param>
    private GatewayResponse Hit(CachedResponse cached, string marker, bool head)
    {
        // A HEAD answer is the GET's headers without its body, stating the body's length (RFC 9110 §9.3.2).
        var response = new GatewayResponse(cached.Status) { Body = head ? ReadOnlyMemory<byte>.Empty : cached.Body, Headers = new HeaderCollection(cached.Headers.Length + 3) };
        foreach (var (name, value) in cached.Headers)
        {
            response.Headers.Add(name, value);
        }
        if (head)
        {
            response.Headers.Set(HeaderNames.ContentLength, cached.Body.Length.ToString(CultureInfo.InvariantCulture));
        }
        var age = (long)(_time.GetUtcNow() - cached.Stored).TotalSeconds;
        response.Headers.Set("Age", Math.Max(0, age).ToString(CultureInfo.InvariantCulture));
        response.Headers.Set(CacheHeader, marker);
        return response;
    }

    /// <summary>How long the response may be kept, or null when it must not be stored.</summary>
    /// <param name="sharedAcrossCallers">A verified caller's answer others will read: the upstream must say it may be shared.</param>
    private TimeSpan? TimeToLive(GatewayResponse response, bool sharedAcrossCallers)
    {
        if (!_settings.Statuses.Contains(response.StatusCode) || response.Headers.Contains(HeaderNames.SetCookie))
        {
            return null;
        }
        if (response.Headers.GetCombined("Vary") is { } vary && !VaryIsCovered(vary))
        {
            return null;
        }
        var ttl = _settings.Ttl;
        var marksPublic = false;
        if (response.Headers.GetCombined("Cache-Control") is { } cacheControl)
        {
            TimeSpan? maxAge = null, sharedMaxAge = null;
            foreach (var range in cacheControl.AsSpan().Split(','))
            {
                var directive = cacheControl.AsSpan()[range].Trim();
                // Directive names are matched whole: "private=..." and "no-cache=..." restrict storing as much as bare.
                var name = directive[..(directive.IndexOf('=') is var equals and >= 0 ? equals : directive.Length)].Trim();
                if (name.Equals("no-store", StringComparison.OrdinalIgnoreCase) ||
                    name.Equals("private", StringComparison.OrdinalIgnoreCase) ||
                    name.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
                marksPublic |= name.Equals("public", StringComparison.OrdinalIgnoreCase);
                sharedMaxAge ??= Seconds(directive, "s-maxage=");
                maxAge ??= Seconds(directive, "max-age=");
            }
            marksPublic |= sharedMaxAge is not null;
            if ((sharedMaxAge ?? maxAge) is { } upstreamTtl && upstreamTtl < ttl)
            {
                ttl = upstreamTtl;
            }
        }
        if (sharedAcrossCallers && !marksPublic)
        {
            return null;
        }
        return ttl > TimeSpan.Zero ? ttl : null;
    }

    private bool VaryIsCovered(string vary)
    {
        foreach (var range in vary.AsSpan().Split(','))
        {
            var name = vary.AsSpan()[range].Trim();
            if (name.IsEmpty)
            {
                continue;
            }
            var covered = false;
            foreach (var header in _settings.VaryByHeaders)
            {
                covered |= name.Equals(header, StringComparison.OrdinalIgnoreCase);
            }
            if (!covered)
            {
                return false; // "*" included: no key can cover it.
            }
        }
        return true;
    }

    private static TimeSpan? Seconds(ReadOnlySpan<char> directive, string prefix) =>
        directive.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) &&
        long.TryParse(directive[prefix.Length..].Trim('"'), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(Math.Min(seconds, int.MaxValue))
            : null;
}

/// <summary>
/// The <c>cache</c> policy: <c>{ ttl: 30s, varyByHeaders: [Accept-Language], varyByTenant: false, shared: false,
/// statuses: [200], maxEntries: 1000, maxBytes: 16MB, staleIfError: 5m }</c>. Only <c>ttl</c> is required.
/// </summary>
public sealed class ResponseCacheFactory : PolicyFactory<ResponseCacheSettings>
{
    public static ResponseCacheFactory Instance { get; } = new();

    public override string Name => "cache";

    public override PolicyPhase Phase => PolicyPhase.Cache;

    /// <summary>A stored answer is the whole body.</summary>
    public override BodyNeeds BodyNeeds => BodyNeeds.Response;

    protected override ResponseCacheSettings? Read(ConfigNode node)
    {
        node.AllowKeys("ttl", "varyByHeaders", "varyByTenant", "shared", "statuses", "maxEntries", "maxBytes", "staleIfError");
        if (!node["ttl"].Exists)
        {
            node["ttl"].Error("is required (how long an answer is kept, e.g. 30s)");
            return null;
        }
        var headers = node["varyByHeaders"].StringList();
        foreach (var header in headers.Where(h => !HttpToken.IsValid(h)))
        {
            node["varyByHeaders"].Error($"\"{header}\" is not a header name");
        }
        var statuses = new HashSet<int>();
        foreach (var status in node["statuses"].Items())
        {
            statuses.Add(status.Int(200, 200, 599));
        }
        return new ResponseCacheSettings(
            Ttl: node["ttl"].Duration(TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1)),
            VaryByHeaders: headers,
            VaryByTenant: node["varyByTenant"].Bool(false),
            Shared: node["shared"].Bool(false),
            Statuses: statuses.Count > 0 ? statuses : [200],
            MaxEntries: node["maxEntries"].Int(1000, 1, 1_000_000),
            MaxBytes: node["maxBytes"].Size(16L << 20, 1L << 10, 1L << 30),
            StaleIfError: node["staleIfError"].Duration(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromDays(7)));
    }

    protected override IGatewayPolicy Create(ResponseCacheSettings settings, PolicyBuildContext context) =>
        new ResponseCachePolicy(settings, context.Services.Time);
}
