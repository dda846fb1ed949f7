namespace Gateway.Configuration.Sections;

/// <summary>Reads <c>auth:</c>: API Gateway's result cache, bearer-token validation (<c>jwt:</c>) and tenant API keys (<c>apiKeys:</c>).</summary>
internal static class AuthSection
{
    public static AuthSettings Read(ConfigNode node)
    {
        node.AllowKeys("cacheTtl", "jwt", "apiKeys");
        return new AuthSettings
        {
            CacheTtl = DeploymentValues.WholeSeconds(node["cacheTtl"], AuthSettings.DefaultCacheTtl, TimeSpan.Zero, AuthSettings.MaxCacheTtl),
            // Without it, routes that take bearer tokens refuse every token (401): no issuer or audience to check.
            Jwt = node["jwt"].Exists ? ReadJwt(node["jwt"]) : null,
            ApiKeys = ReadApiKeys(node["apiKeys"]),
        };
    }

    private static JwtSettings ReadJwt(ConfigNode node)
    {
        node.AllowKeys("issuer", "audience", "algorithms", "clockSkew", "maxTokenSize", "jwksUrl", "discoveryUrl",
            "keyRefreshInterval", "minKeyRefreshInterval", "secretCacheTtl", "claims");
        var audiences = node["audience"].StringList();
        if (audiences.Count == 0 || audiences.Any(string.IsNullOrWhiteSpace))
        {
            node["audience"].Error("is required: one audience, or a list of accepted ones");
        }
        var algorithms = ReadAlgorithms(node["algorithms"]);
        var jwksUrl = ReadKeysUrl(node["jwksUrl"]);
        var discoveryUrl = ReadKeysUrl(node["discoveryUrl"]);
        var keysGiven = node["jwksUrl"].Exists || node["discoveryUrl"].Exists;
        var publicKeys = algorithms.Any(algorithm => algorithm != JwtSettings.Hs256);
        if (node["jwksUrl"].Exists && node["discoveryUrl"].Exists)
        {
            node["discoveryUrl"].Error("give jwksUrl or discoveryUrl, not both");
        }
        else if (publicKeys && !keysGiven)
        {
            node["algorithms"].Error("RS256 and ES256 need the provider's keys: set jwksUrl or discoveryUrl");
        }
        else if (!publicKeys && keysGiven)
        {
            node[node["jwksUrl"].Exists ? "jwksUrl" : "discoveryUrl"].Error("is only used for RS256 and ES256, which algorithms does not list");
        }
        var claims = node["claims"];
        claims.AllowKeys("tenant", "plan", "org", "roles", "scopes");
        var defaults = JwtClaimNames.Default;
        return new JwtSettings
        {
            Issuer = node["issuer"].RequiredString(),
            Audiences = audiences,
            Algorithms = algorithms,
            ClockSkew = node["clockSkew"].Duration(JwtSettings.DefaultClockSkew, TimeSpan.Zero, JwtSettings.MaxClockSkew),
            MaxTokenBytes = node["maxTokenSize"].Size(JwtSettings.DefaultMaxTokenBytes, 1024, 64 * 1024),
            JwksUrl = jwksUrl,
            DiscoveryUrl = discoveryUrl,
            KeyRefreshInterval = node["keyRefreshInterval"].Duration(JwtSettings.DefaultKeyRefreshInterval, TimeSpan.FromMinutes(5), TimeSpan.FromDays(1)),
            MinKeyRefreshInterval = node["minKeyRefreshInterval"].Duration(JwtSettings.DefaultMinKeyRefreshInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)),
            SecretCacheTtl = node["secretCacheTtl"].Duration(JwtSettings.DefaultSecretCacheTtl, TimeSpan.Zero, TimeSpan.FromHours(1)),
            Claims = new JwtClaimNames(
                ClaimName(claims["tenant"], defaults.Tenant),
                ClaimName(claims["plan"], defaults.Plan),
                ClaimName(claims["org"], defaults.Org),
                ClaimName(claims["roles"], defaults.Roles),
                ClaimName(claims["scopes"], defaults.Scopes)),
        };
    }

    private static string[] ReadAlgorithms(ConfigNode node)
    {
        if (!node.Exists)
        {
            return [JwtSettings.Hs256];
        }
        var algorithms = new List<string>();
        var reported = false;
        foreach (var item in node.Items())
        {
            var name = item.String();
            if (name is null)
            {
                continue;
            }
            if (string.Equals(name, "none", StringComparison.OrdinalIgnoreCase))
            {
                item.Error("unsigned tokens (alg: none) are never accepted");
                reported = true;
            }
            else if (!JwtSettings.SupportedAlgorithms.Contains(name))
            {
                item.Error($"\"{name}\" is not one of: {string.Join(", ", JwtSettings.SupportedAlgorithms)}");
                reported = true;
            }
            else if (!algorithms.Contains(name))
            {
                algorithms.Add(name);
            }
        }
        if (algorithms.Count == 0 && !reported)
        {
            node.Error("must list at least one algorithm");
        }
        return [.. algorithms];
    }

    /// <summary>An identity provider's URL: HTTPS, or plain HTTP to this machine only (a local provider, tests).</summary>
    private static Uri? ReadKeysUrl(ConfigNode node)
    {
        var text = node.String();
        if (text is null)
        {
            return null;
        }
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            node.Error($"\"{text}\" is not an https:// URL (http:// is allowed for loopback addresses only)");
            return null;
        }
        return url;
    }

    private static string ClaimName(ConfigNode node, string fallback) =>
        node.Exists ? node.RequiredString() : fallback;

    private static ApiKeySettings ReadApiKeys(ConfigNode node)
    {
        node.AllowKeys("cacheTtl");
        return new ApiKeySettings
        {
            CacheTtl = node["cacheTtl"].Duration(ApiKeySettings.DefaultCacheTtl, TimeSpan.Zero, TimeSpan.FromHours(1)),
        };
    }
}
