using Gateway.Composition;
using Gateway.Configuration;

namespace Gateway.Infra;

/// <summary>Loads the gateway configuration the stack is built from, with the same validation the functions apply.</summary>
public static class GatewayConfigFile
{
    /// <summary>The validated configuration; a file with problems stops synthesis with every problem listed.</summary>
    public static GatewayConfig Load(string path) =>
        new GatewayRuntimeBuilder(HostProfile.Lambda).ConfigLoader(Environment.GetEnvironmentVariable).LoadFile(path).GetConfigOrThrow();
}
