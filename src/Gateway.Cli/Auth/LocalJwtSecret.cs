using Gateway.Configuration;

namespace Gateway.Cli.Auth;

/// <summary>
/// The HS256 secret for local runs: <c>GATEWAY_JWT_SECRET</c> when set, else the sample development secret, which
/// <c>gatewayctl serve</c> checks tokens with and <c>gatewayctl token mint</c> signs them with, so that the two agree
/// out of the box. It is public and only ever used on a developer's machine: the Lambda authorizer never falls back
/// to it (it reads the secret from Secrets Manager, or from <c>GATEWAY_JWT_SECRET</c>).
/// </summary>
internal static class LocalJwtSecret
{
    /// <summary>Also in events/env.json, which signs the sample events' tokens.</summary>
    public const string Development = "sample-gateway-development-secret-never-use-in-production";

    public static string Resolve(Func<string, string?> environment) =>
        environment(EnvironmentVariables.JwtSecret) is { Length: > 0 } configured ? configured : Development;

    public static bool IsDevelopment(Func<string, string?> environment) => Resolve(environment) == Development;
}
