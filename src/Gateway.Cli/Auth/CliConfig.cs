using Gateway.Configuration;

namespace Gateway.Cli.Auth;

/// <summary>The configuration a management command checks its input against (plans, the token issuer and audience).</summary>
internal static class CliConfig
{
    /// <summary>The file named, else <c>GATEWAY_CONFIG</c>, else the bundled sample; null (problems printed) when invalid.</summary>
    public static GatewayConfig? Load(FileInfo? file)
    {
        var path = file?.FullName ?? EnvironmentVariables.ResolveConfigPath(Environment.GetEnvironmentVariable);
        var result = Commands.ToolConfigLoader.Create(HostProfile.Container).LoadFile(path);
        foreach (var problem in result.Problems)
        {
            Console.Error.WriteLine(problem);
        }
        return result.Config;
    }

    /// <summary>A duration as the configuration writes them (<c>30d</c>, <c>12h</c>).</summary>
    public static bool TryParseDuration(string? text, out TimeSpan value)
    {
        value = default;
        return text is not null && ConfigValues.TryParseDuration(text, out value) && value > TimeSpan.Zero;
    }
}
