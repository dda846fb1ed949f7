namespace Gateway.Configuration.Sections;

/// <summary>
/// Reads <c>gateway.tls</c>: <c>{ cert, key }</c> (PEM files) or <c>{ pfx }</c>, with <c>password</c> for an
/// encrypted key or PKCS#12 file (write it as <c>${env.NAME}</c> to keep it out of the file). Whether the files hold a
/// usable certificate is the host's to find out when it loads them (and <c>config validate</c>'s, which loads them too).
/// </summary>
internal static class TlsSection
{
    public static TlsSettings? Read(ConfigNode node)
    {
        if (!node.Exists)
        {
            return null;
        }
        node.AllowKeys("cert", "key", "pfx", "password");
        var folder = Path.GetDirectoryName(Path.GetFullPath(node.Document.File)) ?? ".";
        var cert = File(node["cert"], folder);
        var key = File(node["key"], folder);
        var pfx = File(node["pfx"], folder);
        var password = node["password"].String();
        if (pfx is not null && (cert is not null || key is not null))
        {
            node.Error("give either pfx (with its password) or cert and key, not both");
        }
        else if (pfx is null && (cert is null || key is null))
        {
            node.Error("needs cert and key (PEM files), or pfx");
        }
        return new TlsSettings(cert, key, pfx, password);
    }

    private static string? File(ConfigNode node, string folder)
    {
        if (node.String() is not { Length: > 0 } path)
        {
            return null;
        }
        var full = Path.GetFullPath(path, folder);
        if (!System.IO.File.Exists(full))
        {
            node.Error($"no file at {full}");
        }
        return full;
    }
}
