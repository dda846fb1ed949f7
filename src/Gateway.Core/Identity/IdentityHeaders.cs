using Gateway.Http;

namespace Gateway.Identity;

/// <summary>
/// The headers that tell upstreams who is calling. Only the gateway may set them: whatever a client sends under
/// these names is removed at the edge (<see cref="Canonicalization.ClientHeaders"/>), public routes included.
/// </summary>
public static class IdentityHeaders
{
    public const string UserId = "X-User-ID";
    public const string TenantId = "X-Tenant-ID";
    public const string OrgId = "X-Org-ID";
    public const string Plan = "X-Plan";
    public const string Roles = "X-Roles";
    public const string Scopes = "X-Scopes";

    public static IReadOnlyList<string> All { get; } = [UserId, TenantId, OrgId, Plan, Roles, Scopes];

    public static void Apply(CallerIdentity identity, HeaderCollection headers)
    {
        SetIfPresent(headers, UserId, identity.Subject);
        SetIfPresent(headers, TenantId, identity.Tenant);
        SetIfPresent(headers, OrgId, identity.Org);
        SetIfPresent(headers, Plan, identity.Plan);
        if (identity.Roles.Count > 0)
        {
            headers.Set(Roles, string.Join(' ', identity.Roles));
        }
        if (identity.Scopes.Count > 0)
        {
            headers.Set(Scopes, string.Join(' ', identity.Scopes));
        }
    }

    private static void SetIfPresent(HeaderCollection headers, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            headers.Set(name, value);
        }
    }
}
