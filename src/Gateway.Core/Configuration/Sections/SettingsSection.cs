namespace Gateway.Configuration.Sections;

/// <summary>Reads the <c>gateway:</c> section, for the host that will run it.</summary>
internal static class SettingsSection
{
    public static GatewaySettings Read(ConfigNode node, HostProfile host)
    {
        node.AllowKeys("name", "maxRequestBodySize", "maxResponseBodySize", "forwardedHeaders", "storeTimeout", "caseSensitive",
            "allowEncodedSlashes", "trustedProxies", "tls");
        var defaults = new GatewaySettings();
        return new GatewaySettings
        {
            Name = node["name"].String() ?? defaults.Name,
            MaxRequestBodyBytes = BodySize(node["maxRequestBodySize"], defaults.MaxRequestBodyBytes, host),
            MaxResponseBodyBytes = BodySize(node["maxResponseBodySize"], defaults.MaxResponseBodyBytes, host),
            ForwardedHeaders = node["forwardedHeaders"].Bool(defaults.ForwardedHeaders),
            StoreTimeout = node["storeTimeout"].Duration(defaults.StoreTimeout, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10)),
            CaseSensitive = node["caseSensitive"].Bool(defaults.CaseSensitive),
            AllowEncodedSlashes = node["allowEncodedSlashes"].Bool(defaults.AllowEncodedSlashes),
            TrustedProxies = NetworkList.Read(node["trustedProxies"], out _),
            Tls = TlsSection.Read(node["tls"]),
        };
    }

    private static long BodySize(ConfigNode node, long fallback, HostProfile host)
    {
        var size = node.Size(fallback, 0);
        if (size <= host.MaxBodyBytes)
        {
            return size;
        }
        node.Error(host == HostProfile.Lambda
            ? $"at most {Megabytes(host.MaxBodyBytes)} on Lambda (its payload limit); only serve takes more, up to {Megabytes(HostProfile.Container.MaxBodyBytes)}"
            : $"at most {Megabytes(host.MaxBodyBytes)} on {host.Name}");
        return fallback;
    }

    private static string Megabytes(long bytes) => bytes >= 1L << 30 ? $"{bytes >> 30} GB" : $"{bytes >> 20} MB";
}
