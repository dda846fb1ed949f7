using Gateway.Configuration;
using Gateway.ProtoText;

namespace Gateway.Cli.Commands;

/// <summary>
/// The loader gatewayctl uses: it parses gRPC services' .proto text directly, where the Lambda functions read the
/// .protoset files compiled from them (parsing .proto text is not trim/AOT safe).
/// </summary>
internal static class ToolConfigLoader
{
    public static GatewayConfigLoader Create(Func<string, string?> environment, HostProfile host) =>
        new Composition.GatewayRuntimeBuilder(host).ConfigLoader(environment, new ProtoTextCompiler());

    public static GatewayConfigLoader Create(HostProfile host) => Create(Environment.GetEnvironmentVariable, host);
}
