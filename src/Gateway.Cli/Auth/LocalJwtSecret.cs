using Gateway.Configuration;

namespace Gateway.Cli.Auth;

/// <summary>
/// The HS256 secret for local runs: <c>GATEWAY_JWT_SECRET</c> when set; else, and only for the bundled sample
/// configuration or with <c>--dev</c>, the sample development secret, which <c>gatewayctl serve</c> checks tokens
/// with and <c>gatewayctl token mint</c> signs them with, so that the two agree out of the box. The development
/// secret is public (it is in this repository), so a configuration of one's own never falls back to it: without a
/// secret its HS256 tokens are all refused. The Lambda authorizer never uses it either (it reads the secret from
/// Secrets Manager, or from <c>GATEWAY_JWT_SECRET</c>).
/// </summary>
internal static class LocalJwtSecret
{
    /// <summary>Also in events/env.json, which signs the sample events' tokens.</summary>
    public const string Development = "sample-gateway-development-secret-never-use-in-production";

    /// <summary>Why a custom configuration has no HS256 secret, as serve and token mint say it.</summary>
    public static readonly string MissingReason =
        $"{EnvironmentVariables.JwtSecret} is not set, and the public sample development secret applies only to the bundled sample configuration or with --dev";

    /// <param name="developmentAllowed">True for the bundled sample configuration, or when the user passed <c>--dev</c>.</param>
    /// <returns>Null when no secret applies: HS256 tokens are then refused (serve) or not minted (token mint).</returns>
    public static string? Resolve(Func<string, string?> environment, bool developmentAllowed) =>
        environment(EnvironmentVariables.JwtSecret) is { Length: > 0 } configured ? configured
        : developmentAllowed ? Development
        : null;

    /// <summary>Whether the command runs the bundled sample: neither <c>--config</c> nor <c>GATEWAY_CONFIG</c> names a file.</summary>
    public static bool IsBundledSample(FileInfo? configFile, Func<string, string?> environment) =>
        configFile is null && environment(EnvironmentVariables.Config) is null;
}
