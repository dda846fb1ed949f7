using Gateway.HostileInputTests.Corpus;
using Gateway.HostileInputTests.Requests;

namespace Gateway.HostileInputTests.Credentials;

/// <summary>
/// One credential case. <see cref="Kestrel"/> is what <c>gatewayctl serve</c>'s host must answer, authenticating
/// in-process. Behind API Gateway the authorizer runs first: a null <see cref="Proxy"/> means it must answer
/// <c>isAuthorized: false</c> (API Gateway then answers the client itself); otherwise it must allow, and the proxy,
/// given the authorizer's context, must answer <see cref="Proxy"/>.
/// </summary>
public sealed record CredentialCase(string Id, HostileRequest Request, Expect Kestrel, Expect? Proxy) : IHostileCase
{
    /// <summary>A bad credential: 401 unauthorized from the gateway, a deny from the authorizer.</summary>
    public static CredentialCase Refused(string id, HostileRequest request, string? message = null) =>
        new(id, request, message is null ? Expect.Unauthorized : new Expect.Refused(401, Gateway.Pipeline.ErrorCodes.Unauthorized, message), null);

    /// <summary>A valid credential: the same answer from the gateway and from the proxy behind an allowing authorizer.</summary>
    public static CredentialCase Allowed(string id, HostileRequest request, Expect expected) => new(id, request, expected, expected);

    /// <summary>A credential too large for the host: Kestrel or the gateway refuse the headers; the authorizer denies it.</summary>
    public static CredentialCase Oversized(string id, HostileRequest request, Expect kestrel) => new(id, request, kestrel, null);
}

/// <summary>A family of credential cases, built from the run's minted tokens and issued keys.</summary>
public interface ICredentialFamily : ICaseFamily<CredentialCase>;

/// <summary>
/// The credential families. They are not <see cref="IRequestFamily"/>: their cases need the run's tokens and keys,
/// and on the Lambda side the authorizer runs before the proxy, as API Gateway does.
/// </summary>
public static class CredentialFamilies
{
    public static IReadOnlyList<string> Names { get; } = [TokenFamily.FamilyName, ApiKeyFamily.FamilyName];

    public static ICredentialFamily Create(string name, CredentialMaterial material) => name switch
    {
        TokenFamily.FamilyName => new TokenFamily(material.Tokens),
        ApiKeyFamily.FamilyName => new ApiKeyFamily(material.Keys),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such credential family"),
    };
}
