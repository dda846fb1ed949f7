using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;
using Gateway.Identity;
using Gateway.Pipeline;

namespace Gateway.HostileInputTests.Credentials;

/// <summary>The credential gateway's routes as cases use them, and what the hosts do with credentials too large to be headers.</summary>
public static class CredentialRoutes
{
    public const string Token = "/token/items";
    public const string Scoped = "/scoped/items";
    public const string Key = "/key/items";
    public const string KeyScoped = "/key-scoped/items";

    /// <summary>The identity headers the gateway sets for the corpus's callers (the full token caller, an API key's tenant).</summary>
    public static IReadOnlyDictionary<string, string> Caller(string? scopes = "orders:read " + CorpusGateway.RequiredScope)
    {
        var identity = new Dictionary<string, string>
        {
            [IdentityHeaders.UserId] = "user-1", [IdentityHeaders.TenantId] = "acme", [IdentityHeaders.OrgId] = "org-9",
            [IdentityHeaders.Plan] = "free", [IdentityHeaders.Roles] = "admin",
        };
        if (scopes is not null)
        {
            identity[IdentityHeaders.Scopes] = scopes;
        }
        return identity;
    }

    public static IReadOnlyDictionary<string, string> KeyHolder { get; } =
        new Dictionary<string, string> { [IdentityHeaders.TenantId] = IssuedKeys.Tenant, [IdentityHeaders.Plan] = IssuedKeys.Plan };

    public static Expect Forwarded(string target, IReadOnlyDictionary<string, string> identity) =>
        new Expect.Forwarded($"/svc-api/{target.Split('/')[1]}/", "/svc-api" + target, identity);

    public static HostileRequest Request(string target, params (string Name, string Value)[] headers) =>
        new() { Target = target, Headers = headers.Select(h => KeyValuePair.Create(h.Name, h.Value)).ToArray() };

    /// <summary>
    /// A credential case, unless its headers are too large for the Kestrel host: beyond the gateway's 32 KB it is 431
    /// headers_too_large, beyond Kestrel's own 64 KB Kestrel's bare 431. The authorizer must deny it all the same
    /// (API Gateway would refuse such headers before calling it).
    /// </summary>
    public static CredentialCase SizeAware(CredentialCase item)
    {
        var bytes = item.Request.Headers.Sum(h => h.Key.Length + h.Value.Length + 4);
        return bytes > 2 * RequestLimits.MaxHeaderBytes ? CredentialCase.Oversized(item.Id, item.Request, new Expect.RefusedByServer(431))
            : bytes > RequestLimits.MaxHeaderBytes ? CredentialCase.Oversized(item.Id, item.Request, Expect.HeadersTooLarge)
            : item;
    }
}
