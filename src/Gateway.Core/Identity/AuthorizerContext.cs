namespace Gateway.Identity;

/// <summary>
/// The flat string map an HTTP API Lambda authorizer returns as <c>context</c>, and which API Gateway hands to the
/// proxy as <c>requestContext.authorizer.lambda</c>. Both sides use these names, so they live in one place.
/// </summary>
public static class AuthorizerContext
{
    public const string Kind = "kind";
    public const string Subject = "sub";
    public const string Tenant = "tenant";
    public const string Plan = "plan";
    public const string Org = "org";
    public const string KeyId = "keyId";
    public const string Roles = "roles";
    public const string Scopes = "scopes";

    /// <summary>Reads an identity from an authorizer context; null when the context names no credential kind.</summary>
    public static CallerIdentity? ToIdentity(IReadOnlyDictionary<string, string> context)
    {
        if (!context.TryGetValue(Kind, out var kind) || !TryParseKind(kind, out var credentialKind))
        {
            return null;
        }
        return new CallerIdentity
        {
            Kind = credentialKind,
            Subject = Value(context, Subject),
            Tenant = Value(context, Tenant),
            Plan = Value(context, Plan),
            Org = Value(context, Org),
            KeyId = Value(context, KeyId),
            Roles = SplitList(Value(context, Roles)),
            Scopes = SplitList(Value(context, Scopes)),
        };
    }

    /// <summary>Writes an identity as an authorizer context. Lists are space-separated, as OAuth scopes are.</summary>
    public static Dictionary<string, string> FromIdentity(CallerIdentity identity)
    {
        var context = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Kind] = identity.Kind == CredentialKind.Jwt ? "jwt" : "apiKey",
        };
        AddIfPresent(context, Subject, identity.Subject);
        AddIfPresent(context, Tenant, identity.Tenant);
        AddIfPresent(context, Plan, identity.Plan);
        AddIfPresent(context, Org, identity.Org);
        AddIfPresent(context, KeyId, identity.KeyId);
        if (identity.Roles.Count > 0)
        {
            context[Roles] = string.Join(' ', identity.Roles);
        }
        if (identity.Scopes.Count > 0)
        {
            context[Scopes] = string.Join(' ', identity.Scopes);
        }
        return context;
    }

    private static bool TryParseKind(string value, out CredentialKind kind)
    {
        switch (value)
        {
            case "jwt":
                kind = CredentialKind.Jwt;
                return true;
            case "apiKey":
                kind = CredentialKind.ApiKey;
                return true;
            default:
                kind = default;
                return false;
        }
    }

    private static string? Value(IReadOnlyDictionary<string, string> context, string key) =>
        context.TryGetValue(key, out var value) && value.Length > 0 ? value : null;

    private static IReadOnlyList<string> SplitList(string? value) =>
        value is null ? [] : value.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static void AddIfPresent(Dictionary<string, string> context, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            context[key] = value;
        }
    }
}
