using System.Globalization;
using System.Text;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Caching;

/// <summary>How a route caches its GET answers.</summary>
public sealed record ResponseCacheSettings(
    TimeSpan Ttl,
    IReadOnlyList<string> VaryByHeaders,
    bool VaryByTenant,
    IReadOnlySet<int> Statuses,
    int MaxEntries,
    long MaxBytes,
    TimeSpan StaleIfError = default);

/// <summary>
/// Answers GET and HEAD from an in-memory cache of the route's GET answers. The key is the host, path and raw query,
/// the configured headers' values, and the caller's tenant when asked. An answer is stored when its status is one
/// the route caches, it sets no cookie, the upstream's <c>Cache-Control</c> allows a shared cache to keep it (no
/// <c>no-store</c>, <c>private</c> or <c>no-cache</c>; its <c>s-maxage</c> or <c>max-age</c> shortens the TTL) and
/// its <c>Vary</c> names only headers the key includes. Responses say <c>X-Cache: HIT</c> or <c>MISS</c>; hits carry
/// <c>Age</c>. The cache sits after rate limits (a hit still counts) and before response transforms (it keeps their
/// result).
/// </summary>
public sealed class ResponseCachePolicy : IGatewayPolicy
{
    private const string CacheHeader = "X-Cache";
    private readonly ResponseCacheSettings _settings;
    private readonly TimeProvider _time;
    private readonly StaleIfErrorStore? _stale;

    public ResponseCachePolicy(ResponseCacheSettings settings, TimeProvider time)
    {
        _settings = settings;
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
        var key = Key(context);
        if (Store.TryGet(key, out var cached))
        {
            context.Telemetry.Cache = "HIT";
            return Hit(cached, "HIT");
        }

        context.Telemetry.Cache = "MISS";
        var response = await next(context).ConfigureAwait(false);
        if (_stale?.TryServe(key, context, response) is { } stale)
        {
            context.Telemetry.Cache = StaleIfErrorStore.Marker;
            return Hit(stale, StaleIfErrorStore.Marker);
        }
        if (method == "GET" && context.Telemetry.ErrorCode is null && TimeToLive(response) is { } ttl)
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
    private GatewayResponse Hit(CachedResponse cached, string marker)
    {
        var response = new GatewayResponse(cached.Status) { Body = cached.Body, Headers = new HeaderCollection(cached.Headers.Length + 2) };
        foreach (var (name, value) in cached.Headers)
        {
            response.Headers.Add(name, value);
        }
        var age = (long)(_time.GetUtcNow() - cached.Stored).TotalSeconds;
        response.Headers.Set("Age", Math.Max(0, age).ToString(CultureInfo.InvariantCulture));
        response.Headers.Set(CacheHeader, marker);
        return response;
    }

    private string Key(GatewayContext context)
    {
        var request = context.Request;
        var key = new StringBuilder(128)
            .Append(request.Host).Append('\n')
            .Append(context.OriginalPath).Append('?').Append(request.RawQuery);
        foreach (var header in _settings.VaryByHeaders)
        {
            // Absent and empty are different answers to "what did the client send?".
            key.Append('\n').Append(request.Headers.GetCombined(header) ?? "\0");
        }
        if (_settings.VaryByTenant)
        {
            key.Append('\n').Append(context.Identity?.Tenant ?? "\0");
        }
        return key.ToString();
    }

    /// <summary>How long the response may be kept, or null when it must not be stored.</summary>
    private TimeSpan? TimeToLive(GatewayResponse response)
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
        if (response.Headers.GetCombined("Cache-Control") is { } cacheControl)
        {
            TimeSpan? maxAge = null, sharedMaxAge = null;
            foreach (var range in cacheControl.AsSpan().Split(','))
            {
                var directive = cacheControl.AsSpan()[range].Trim();
                if (directive.Equals("no-store", StringComparison.OrdinalIgnoreCase) ||
                    directive.Equals("private", StringComparison.OrdinalIgnoreCase) ||
                    directive.Equals("no-cache", StringComparison.OrdinalIgnoreCase))
                {
                    return null;
                }
                sharedMaxAge ??= Seconds(directive, "s-maxage=");
                maxAge ??= Seconds(directive, "max-age=");
            }
            if ((sharedMaxAge ?? maxAge) is { } upstreamTtl && upstreamTtl < ttl)
            {
                ttl = upstreamTtl;
            }
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
/// The <c>cache</c> policy: <c>{ ttl: 30s, varyByHeaders: [Accept-Language], varyByTenant: false, statuses: [200],
/// maxEntries: 1000, maxBytes: 16MB, staleIfError: 5m }</c>. Only <c>ttl</c> is required.
/// </summary>
public sealed class ResponseCacheFactory : PolicyFactory<ResponseCacheSettings>
{
    public static ResponseCacheFactory Instance { get; } = new();

    public override string Name => "cache";

    public override PolicyPhase Phase => PolicyPhase.Cache;

    protected override ResponseCacheSettings? Read(ConfigNode node)
    {
        node.AllowKeys("ttl", "varyByHeaders", "varyByTenant", "statuses", "maxEntries", "maxBytes", "staleIfError");
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
            Statuses: statuses.Count > 0 ? statuses : [200],
            MaxEntries: node["maxEntries"].Int(1000, 1, 1_000_000),
            MaxBytes: node["maxBytes"].Size(16L << 20, 1L << 10, 1L << 30),
            StaleIfError: node["staleIfError"].Duration(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.FromDays(7)));
    }

    protected override IGatewayPolicy Create(ResponseCacheSettings settings, PolicyBuildContext context) =>
        new ResponseCachePolicy(settings, context.Services.Time);
}
