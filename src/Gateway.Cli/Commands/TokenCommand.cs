using System.CommandLine;
using Gateway.Cli.Auth;
using Gateway.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Cli.Commands;

/// <summary>
/// <c>gatewayctl token mint --sub S [--scope "a b"] [--roles "r1 r2"] [--tenant T] [--plan P] [--org O] [--ttl 1h]</c>:
/// an HS256 token signed with the local secret, with the issuer and audience the configuration expects, printed
/// alone on stdout so that <c>$(gatewayctl token mint …)</c> works in a curl line.
/// </summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var subject = new Option<string>("--sub") { Description = "The subject (becomes X-User-ID)", Required = true };
        var scope = new Option<string?>("--scope") { Description = "Space-separated scopes, e.g. \"orders:read profile:read\"" };
        var roles = new Option<string?>("--roles") { Description = "Space- or comma-separated roles" };
        var tenant = new Option<string?>("--tenant") { Description = "The tenant (its usage plan applies when --plan is given too)" };
        var plan = new Option<string?>("--plan") { Description = "The usage plan (one of the configuration's)" };
        var org = new Option<string?>("--org") { Description = "The organisation (becomes X-Org-ID)" };
        var ttl = new Option<string>("--ttl") { Description = "How long the token is valid, e.g. 15m, 1h, 1d", DefaultValueFactory = _ => "1h" };
        var config = new Option<FileInfo?>("--config") { Description = "The configuration whose auth.jwt issuer and audience to use (default: GATEWAY_CONFIG, else the bundled sample)" };
        var dev = new Option<bool>("--dev")
        {
            Description = "Sign with the public sample development secret when GATEWAY_JWT_SECRET is not set, for a serve started with --dev (implied for the bundled sample configuration)",
        };
        var mint = new Command("mint", "Sign a development token with GATEWAY_JWT_SECRET (else, for the bundled sample or with --dev, the sample development secret)")
        {
            subject, scope, roles, tenant, plan, org, ttl, config, dev,
        };
        mint.SetAction(parse => Mint(
            parse.GetValue(config), parse.GetValue(dev), parse.GetValue(subject)!, parse.GetValue(scope), parse.GetValue(roles), parse.GetValue(tenant), parse.GetValue(plan), parse.GetValue(org), parse.GetValue(ttl)!));
        return new Command("token", "Development tokens") { mint };
    }

    private static int Mint(FileInfo? configFile, bool development, string subject, string? scope, string? roles, string? tenant, string? plan, string? org, string ttlText)
    {
        if (!CliConfig.TryParseDuration(ttlText, out var ttl))
        {
            Console.Error.WriteLine($"gatewayctl token mint: --ttl \"{ttlText}\" is not a duration (e.g. 15m, 1h, 1d)");
            return 1;
        }
        if (CliConfig.Load(configFile) is not { } config)
        {
            return 1;
        }
        if (config.Auth.Jwt is not { AllowsSharedSecret: true } jwt)
        {
            Console.Error.WriteLine($"gatewayctl token mint: {config.SourceFile} does not accept HS256 tokens (auth.jwt with algorithms including HS256)");
            return 1;
        }
        // The same rule as serve's, so that a minted token is one serve accepts: never the public secret for a
        // configuration of one's own unless asked for.
        if (LocalJwtSecret.Resolve(Environment.GetEnvironmentVariable, development || LocalJwtSecret.IsBundledSample(configFile, Environment.GetEnvironmentVariable)) is not { } secret)
        {
            Console.Error.WriteLine($"gatewayctl token mint: no secret to sign with: {LocalJwtSecret.MissingReason}");
            return 1;
        }
        if (plan is not null && !config.UsagePlans.ContainsKey(plan))
        {
            Console.Error.WriteLine($"gatewayctl token mint: unknown usage plan \"{plan}\" (the configuration has: {string.Join(", ", config.UsagePlans.Keys)})");
            return 1;
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal) { [JwtRegisteredClaimNames.Sub] = subject };
        AddIfGiven(claims, jwt.Claims.Scopes, scope);
        AddIfGiven(claims, jwt.Claims.Roles, roles?.Replace(',', ' '));
        AddIfGiven(claims, jwt.Claims.Tenant, tenant);
        AddIfGiven(claims, jwt.Claims.Plan, plan);
        AddIfGiven(claims, jwt.Claims.Org, org);
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = jwt.Issuer,
            Audience = jwt.Audiences[0],
            IssuedAt = now,
            NotBefore = now,
            Expires = now + ttl,
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(secret)),
                SecurityAlgorithms.HmacSha256),
        });
        Console.WriteLine(token);
        return 0;
    }

    private static void AddIfGiven(Dictionary<string, object> claims, string name, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            claims[name] = value.Trim();
        }
    }
}
