namespace Gateway.Configuration.Sections;

/// <summary>
/// Reads a service's <c>healthCheck: { path, interval, timeout, healthyAfter, unhealthyAfter, expectStatus }</c>.
/// </summary>
internal static class HealthCheckSection
{
    public static HealthCheckSettings? Read(ConfigNode node)
    {
        if (!node.Exists)
        {
            return null;
        }
        node.AllowKeys("path", "interval", "timeout", "healthyAfter", "unhealthyAfter", "expectStatus");
        var path = node["path"].RequiredString();
        if (path.Length > 0 && (!path.StartsWith('/') || path.Contains('#')))
        {
            node["path"].Error($"\"{path}\" must be a path starting with '/' (a query is allowed)");
        }
        var interval = node["interval"].Duration(TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(10), TimeSpan.FromHours(1));
        var timeout = node["timeout"].Duration(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1), TimeSpan.FromMinutes(1));
        if (timeout > interval)
        {
            node["timeout"].Error("must not be longer than the interval, or probes would overlap");
        }
        var expect = new List<int>();
        foreach (var item in node["expectStatus"].StringList())
        {
            if (int.TryParse(item, System.Globalization.CultureInfo.InvariantCulture, out var status) && status is >= 100 and <= 599)
            {
                expect.Add(status);
            }
            else
            {
                node["expectStatus"].Error($"\"{item}\" is not an HTTP status (100–599)");
            }
        }
        return new HealthCheckSettings(
            path,
            interval,
            timeout,
            node["healthyAfter"].Int(2, 1, 100),
            node["unhealthyAfter"].Int(3, 1, 100),
            expect.Count > 0 ? expect : [200]);
    }
}
