using Gateway.Configuration;
using Gateway.Identity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Gateway.Authorization.Jwt;

/// <summary>Reads a validated token's claims into the caller's identity, under the configured claim names.</summary>
internal static class IdentityClaims
{
    public static CallerIdentity Read(JsonWebToken token, JwtClaimNames names) => new()
    {
        Kind = CredentialKind.Jwt,
        Subject = Text(token, JwtRegisteredClaimNames.Sub),
        Tenant = Text(token, names.Tenant),
        Plan = Text(token, names.Plan),
        Org = Text(token, names.Org),
        Roles = List(token, names.Roles),
        Scopes = List(token, names.Scopes),
    };

    private static string? Text(JsonWebToken token, string claim) =>
        token.TryGetPayloadValue<string>(claim, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary>A JSON array of strings or one space-separated string (as OAuth's <c>scope</c> is).</summary>
    private static string[] List(JsonWebToken token, string claim) =>
        token.TryGetPayloadValue<string[]>(claim, out var values) && values is not null
            ? values.SelectMany(value => value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToArray()
            : [];
}
