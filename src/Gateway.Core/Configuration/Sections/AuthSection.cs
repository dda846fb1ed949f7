namespace Gateway.Configuration.Sections;

/// <summary>Reads <c>auth:</c>, the gateway-wide authentication settings.</summary>
internal static class AuthSection
{
    public static AuthSettings Read(ConfigNode node)
    {
        node.AllowKeys("cacheTtl");
        return new AuthSettings
        {
            CacheTtl = DeploymentValues.WholeSeconds(node["cacheTtl"], AuthSettings.DefaultCacheTtl, TimeSpan.Zero, AuthSettings.MaxCacheTtl),
        };
    }
}
