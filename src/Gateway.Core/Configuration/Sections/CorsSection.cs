using Gateway.Http;

namespace Gateway.Configuration.Sections;

/// <summary>Reads <c>cors:</c>, which API Gateway answers for the HTTP API.</summary>
internal static class CorsSection
{
    // API Gateway's bound for an HTTP API's CORS max-age.
    private static readonly TimeSpan MaxAge = TimeSpan.FromDays(1);

    public static CorsConfig? Read(ConfigNode node)
    {
        if (!node.Exists)
        {
            return null;
        }
        node.AllowKeys("allowOrigins", "allowMethods", "allowHeaders", "exposeHeaders", "allowCredentials", "maxAge");
        var origins = node["allowOrigins"].StringList();
        if (origins.Count == 0)
        {
            node["allowOrigins"].Error("at least one origin is required (or leave cors out)");
        }
        foreach (var origin in origins.Where(o => !IsOrigin(o)))
        {
            node["allowOrigins"].Error($"\"{origin}\" is not an origin (scheme://host[:port], no path) or *");
        }
        var methods = node["allowMethods"].Exists ? node["allowMethods"].StringList().Select(m => m.ToUpperInvariant()).ToArray() : ["*"];
        foreach (var method in methods.Where(m => m != "*" && !HttpToken.IsValid(m)))
        {
            node["allowMethods"].Error($"\"{method}\" is not an HTTP method");
        }
        var credentials = node["allowCredentials"].Bool(false);
        if (credentials && origins.Contains("*"))
        {
            node["allowCredentials"].Error("browsers refuse credentials with the origin *; list the origins");
        }
        return new CorsConfig
        {
            AllowOrigins = origins,
            AllowMethods = methods,
            AllowHeaders = node["allowHeaders"].StringList(),
            ExposeHeaders = node["exposeHeaders"].StringList(),
            AllowCredentials = credentials,
            MaxAge = node["maxAge"].Exists ? DeploymentValues.WholeSeconds(node["maxAge"], TimeSpan.Zero, TimeSpan.Zero, MaxAge) : null,
        };
    }

    private static bool IsOrigin(string text) =>
        text == "*" ||
        (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) &&
         uri.GetLeftPart(UriPartial.Authority) == text.TrimEnd('/') && !text.EndsWith('/'));
}
