namespace Gateway.Configuration.Sections;

/// <summary>Reads the <c>gateway:</c> section.</summary>
internal static class SettingsSection
{
    private const long LambdaPayloadLimit = 6L << 20;

    public static GatewaySettings Read(ConfigNode node)
    {
        node.AllowKeys("name", "maxRequestBodySize", "maxResponseBodySize", "forwardedHeaders", "storeTimeout", "caseSensitive",
            "allowEncodedSlashes", "trustedProxies");
        var defaults = new GatewaySettings();
        return new GatewaySettings
        {
            Name = node["name"].String() ?? defaults.Name,
            MaxRequestBodyBytes = node["maxRequestBodySize"].Size(defaults.MaxRequestBodyBytes, 0, LambdaPayloadLimit),
            MaxResponseBodyBytes = node["maxResponseBodySize"].Size(defaults.MaxResponseBodyBytes, 0, LambdaPayloadLimit),
            ForwardedHeaders = node["forwardedHeaders"].Bool(defaults.ForwardedHeaders),
            StoreTimeout = node["storeTimeout"].Duration(defaults.StoreTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)),
            CaseSensitive = node["caseSensitive"].Bool(defaults.CaseSensitive),
            AllowEncodedSlashes = node["allowEncodedSlashes"].Bool(defaults.AllowEncodedSlashes),
            TrustedProxies = NetworkList.Read(node["trustedProxies"], out _),
        };
    }
}
