using System.Globalization;
using Gateway.Configuration;
using Gateway.Http;
using Gateway.Pipeline;

namespace Gateway.Policies.Edge;

/// <summary>
/// A route's CORS rules. <see cref="AllowMethods"/> null means the route's own methods; <see cref="AllowHeaders"/>
/// null means whatever headers a preflight asks for.
/// </summary>
public sealed record CorsSettings(
    IReadOnlyList<string> AllowOrigins,
    IReadOnlyList<string>? AllowMethods,
    IReadOnlyList<string>? AllowHeaders,
    IReadOnlyList<string> ExposeHeaders,
    bool AllowCredentials,
    TimeSpan? MaxAge)
{
    public bool AllowsAnyOrigin => AllowOrigins.Contains("*");

    /// <summary>Exact origins, compared case-insensitively, or <c>https://*.example.com</c> for any subdomain.</summary>
    public bool AllowsOrigin(string origin)
    {
        if (AllowsAnyOrigin)
        {
            return true;
        }
        foreach (var allowed in AllowOrigins)
        {
            var star = allowed.IndexOf("://*.", StringComparison.Ordinal);
            if (star < 0 ? origin.Equals(allowed, StringComparison.OrdinalIgnoreCase) : MatchesSubdomain(origin, allowed, star + 3))
            {
                return true;
            }
        }
        return false;
    }

    private static bool MatchesSubdomain(string origin, string pattern, int starIndex)
    {
        // "https://*.example.com": the scheme and "://" as written, then at least one label, then ".example.com".
        var suffix = pattern.AsSpan(starIndex + 1);
        return origin.Length > starIndex + suffix.Length &&
               origin.AsSpan(0, starIndex).Equals(pattern.AsSpan(0, starIndex), StringComparison.OrdinalIgnoreCase) &&
               origin.AsSpan().EndsWith(suffix, StringComparison.OrdinalIgnoreCase) &&
               origin.AsSpan(starIndex, origin.Length - starIndex - suffix.Length).IndexOfAny("/:") < 0;
    }
}

/// <summary>
/// CORS, answered by the gateway. A preflight (OPTIONS with <c>Origin</c> and <c>Access-Control-Request-Method</c>)
/// is answered here, 204 when the origin, method and headers are allowed and 403 otherwise, and never reaches the
/// upstream; the router hands preflights to the route they ask about even when it does not list OPTIONS. Other
/// requests from an allowed origin get the CORS response headers on whatever comes back, errors included; from any
/// other origin they pass without them, and the browser keeps the answer from the page.
/// </summary>
public sealed class CorsPolicy : IGatewayPolicy
{
    private readonly CorsSettings _settings;
    private readonly IReadOnlyList<string> _methods;
    private readonly string _allowMethods;
    private readonly string? _allowHeaders;
    private readonly string? _exposeHeaders;
    private readonly string? _maxAge;

    public CorsPolicy(CorsSettings settings, IEnumerable<string> routeMethods)
    {
        _settings = settings;
        _methods = settings.AllowMethods ?? routeMethods.ToArray();
        _allowMethods = string.Join(", ", _methods);
        _allowHeaders = settings.AllowHeaders is null ? null : string.Join(", ", settings.AllowHeaders);
        _exposeHeaders = settings.ExposeHeaders.Count == 0 ? null : string.Join(", ", settings.ExposeHeaders);
        _maxAge = settings.MaxAge is { } maxAge ? ((long)maxAge.TotalSeconds).ToString(CultureInfo.InvariantCulture) : null;
    }

    public static bool IsPreflight(GatewayRequest request) =>
        request.Method == "OPTIONS" && request.Headers.Contains(CorsHeaders.Origin) && request.Headers.Contains(CorsHeaders.RequestMethod);

    public async ValueTask<GatewayResponse> InvokeAsync(GatewayContext context, RequestDelegate next)
    {
        var request = context.Request;
        var origin = request.Headers.Get(CorsHeaders.Origin);
        if (origin is null)
        {
            return await next(context).ConfigureAwait(false);
        }
        if (IsPreflight(request))
        {
            return Preflight(context, origin);
        }
        var response = await next(context).ConfigureAwait(false);
        // The route's rules are the gateway's: whatever the upstream said about CORS is replaced.
        foreach (var name in CorsHeaders.ResponseHeaders)
        {
            response.Headers.Remove(name);
        }
        if (_settings.AllowsOrigin(origin))
        {
            AddOriginHeaders(response.Headers, origin);
            if (_exposeHeaders is not null)
            {
                response.Headers.Set(CorsHeaders.ExposeHeaders, _exposeHeaders);
            }
        }
        return response;
    }

    private GatewayResponse Preflight(GatewayContext context, string origin)
    {
        var request = context.Request;
        var method = request.Headers.Get(CorsHeaders.RequestMethod)!.Trim();
        var requested = request.Headers.GetCombined(CorsHeaders.RequestHeaders);
        if (!_settings.AllowsOrigin(origin))
        {
            return Refuse(context, $"the origin {origin} is not allowed");
        }
        if (!_methods.Contains(method, StringComparer.Ordinal))
        {
            return Refuse(context, $"the method {method} is not allowed (allowed: {_allowMethods})");
        }
        if (requested is not null && _settings.AllowHeaders is { } allowed && FirstNotAllowed(requested, allowed) is { } header)
        {
            return Refuse(context, $"the header {header} is not allowed");
        }

        var response = new GatewayResponse(204);
        AddOriginHeaders(response.Headers, origin);
        response.Headers.Set(CorsHeaders.AllowMethods, _allowMethods);
        if ((_allowHeaders ?? requested) is { Length: > 0 } headers)
        {
            response.Headers.Set(CorsHeaders.AllowHeaders, headers);
        }
        if (_allowHeaders is null && requested is not null)
        {
            // The answer echoes the request's headers: caches must keep answers to different requests apart.
            response.Headers.Add(CorsHeaders.Vary, CorsHeaders.RequestHeaders);
        }
        if (_maxAge is not null)
        {
            response.Headers.Set(CorsHeaders.MaxAge, _maxAge);
        }
        return response;
    }

    private void AddOriginHeaders(HeaderCollection headers, string origin)
    {
        if (_settings.AllowsAnyOrigin && !_settings.AllowCredentials)
        {
            headers.Set(CorsHeaders.AllowOrigin, "*");
        }
        else
        {
            headers.Set(CorsHeaders.AllowOrigin, origin);
            headers.Add(CorsHeaders.Vary, CorsHeaders.Origin);
        }
        if (_settings.AllowCredentials)
        {
            headers.Set(CorsHeaders.AllowCredentials, "true");
        }
    }

    private static string? FirstNotAllowed(string requested, IReadOnlyList<string> allowed)
    {
        foreach (var range in requested.AsSpan().Split(','))
        {
            var name = requested.AsSpan()[range].Trim();
            if (name.IsEmpty)
            {
                continue;
            }
            var found = false;
            foreach (var candidate in allowed)
            {
                found |= name.Equals(candidate, StringComparison.OrdinalIgnoreCase);
            }
            if (!found)
            {
                return name.ToString();
            }
        }
        return null;
    }

    private static GatewayResponse Refuse(GatewayContext context, string reason) =>
        GatewayErrors.Create(context, 403, ErrorCodes.Forbidden, $"CORS preflight refused: {reason}");
}

/// <summary>The header names of the Fetch standard's CORS protocol.</summary>
internal static class CorsHeaders
{
    public const string Origin = "Origin";
    public const string Vary = "Vary";
    public const string RequestMethod = "Access-Control-Request-Method";
    public const string RequestHeaders = "Access-Control-Request-Headers";
    public const string AllowOrigin = "Access-Control-Allow-Origin";
    public const string AllowMethods = "Access-Control-Allow-Methods";
    public const string AllowHeaders = "Access-Control-Allow-Headers";
    public const string AllowCredentials = "Access-Control-Allow-Credentials";
    public const string ExposeHeaders = "Access-Control-Expose-Headers";
    public const string MaxAge = "Access-Control-Max-Age";

    public static readonly string[] ResponseHeaders = [AllowOrigin, AllowMethods, AllowHeaders, AllowCredentials, ExposeHeaders, MaxAge];
}

/// <summary>
/// The <c>cors</c> policy: <c>{ allowOrigins: [...], allowMethods: [...], allowHeaders: [...], exposeHeaders: [...],
/// allowCredentials: false, maxAge: 10m }</c>. Only <c>allowOrigins</c> is required.
/// </summary>
public sealed class CorsFactory : PolicyFactory<CorsSettings>, IMethodStandInFactory
{
    // Chromium caps a preflight's max age at 2 hours, Firefox at 24: more is never honoured.
    private static readonly TimeSpan LongestMaxAge = TimeSpan.FromDays(1);

    public static CorsFactory Instance { get; } = new();

    public override string Name => "cors";

    public override PolicyPhase Phase => PolicyPhase.Edge;

    public override BodyNeeds BodyNeeds => BodyNeeds.None;

    /// <summary>A preflight asks, in Access-Control-Request-Method, about the method the browser will send.</summary>
    public string? MethodAskedAbout(GatewayRequest request) =>
        CorsPolicy.IsPreflight(request) ? request.Headers.Get(CorsHeaders.RequestMethod)!.Trim() : null;

    protected override CorsSettings Read(ConfigNode node)
    {
        node.AllowKeys("allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "allowCredentials", "maxAge");
        var origins = node["allowOrigins"].StringList();
        if (origins.Count == 0)
        {
            node["allowOrigins"].Error("is required: the origins allowed, e.g. [https://app.example.com], or [\"*\"]");
        }
        foreach (var origin in origins.Where(o => !IsOriginPattern(o)))
        {
            node["allowOrigins"].Error($"\"{origin}\" is not an origin (scheme://host[:port], no path; https://*.example.com for subdomains) or *");
        }
        var credentials = node["allowCredentials"].Bool(false);
        if (credentials && origins.Contains("*"))
        {
            node["allowCredentials"].Error("browsers refuse credentials with the origin *; list the origins");
        }
        return new CorsSettings(
            AllowOrigins: origins,
            AllowMethods: node["allowMethods"].Exists ? Tokens(node["allowMethods"], "an HTTP method", upperCase: true) : null,
            AllowHeaders: node["allowHeaders"].Exists ? Tokens(node["allowHeaders"], "a header name", upperCase: false) : null,
            ExposeHeaders: Tokens(node["exposeHeaders"], "a header name", upperCase: false),
            AllowCredentials: credentials,
            MaxAge: node["maxAge"].Exists ? node["maxAge"].Duration(TimeSpan.Zero, TimeSpan.Zero, LongestMaxAge) : null);
    }

    protected override IGatewayPolicy Create(CorsSettings settings, PolicyBuildContext context) =>
        new CorsPolicy(settings, context.Route.AllowedMethods.Order(StringComparer.Ordinal));

    private static IReadOnlyList<string> Tokens(ConfigNode node, string what, bool upperCase)
    {
        var values = node.StringList().Select(v => upperCase ? v.ToUpperInvariant() : v).ToArray();
        foreach (var value in values.Where(v => !HttpToken.IsValid(v)))
        {
            node.Error($"\"{value}\" is not {what}");
        }
        return values;
    }

    private static bool IsOriginPattern(string text)
    {
        if (text == "*")
        {
            return true;
        }
        var concrete = text.Replace("://*.", "://wildcard.", StringComparison.Ordinal);
        return Uri.TryCreate(concrete, UriKind.Absolute, out var uri) &&
               (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
               !text.EndsWith('/') &&
               uri.GetLeftPart(UriPartial.Authority).Equals(concrete, StringComparison.OrdinalIgnoreCase);
    }
}
