namespace Gateway.Identity;

/// <summary>How the caller proved who it is.</summary>
public enum CredentialKind
{
    Jwt,
    ApiKey,
}

/// <summary>
/// Who is calling, as established once at the edge by the authorizer. The proxy trusts only this, never headers
/// the client sent.
/// </summary>
public sealed record CallerIdentity
{
    public required CredentialKind Kind { get; init; }
    public string? Subject { get; init; }
    public string? Tenant { get; init; }
    public string? Plan { get; init; }
    public string? Org { get; init; }
    public string? KeyId { get; init; }
    public IReadOnlyList<string> Roles { get; init; } = [];
    public IReadOnlyList<string> Scopes { get; init; } = [];
}
