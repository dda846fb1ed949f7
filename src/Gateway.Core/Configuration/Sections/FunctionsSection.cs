namespace Gateway.Configuration.Sections;

/// <summary>Reads <c>functions:</c>, the memory and timeout of each Lambda function.</summary>
internal static class FunctionsSection
{
    // Lambda's own bounds for memory; API Gateway stops waiting for any integration or authorizer after 30 s.
    private const long MinMemory = 128L << 20;
    private const long MaxMemory = 10240L << 20;
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(30);

    public static FunctionsConfig Read(ConfigNode node)
    {
        node.AllowKeys("proxy", "authorizer");
        var defaults = new FunctionsConfig();
        return new FunctionsConfig
        {
            Proxy = ReadFunction(node["proxy"], defaults.Proxy),
            Authorizer = ReadFunction(node["authorizer"], defaults.Authorizer),
        };
    }

    private static FunctionSettings ReadFunction(ConfigNode node, FunctionSettings defaults)
    {
        node.AllowKeys("memory", "timeout");
        var memory = node["memory"].Size((long)defaults.MemoryMb << 20, MinMemory, MaxMemory);
        if (memory % (1L << 20) != 0)
        {
            node["memory"].Error("must be a whole number of MB (Lambda sizes memory in 1 MB steps)");
        }
        var timeout = DeploymentValues.WholeSeconds(node["timeout"], defaults.Timeout, TimeSpan.FromSeconds(1), MaxTimeout);
        return new FunctionSettings((int)(memory >> 20), timeout);
    }
}
