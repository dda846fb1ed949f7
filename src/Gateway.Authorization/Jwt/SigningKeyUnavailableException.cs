namespace Gateway.Authorization.Jwt;

/// <summary>
/// The key a token must be verified with could not be obtained: the HS256 secret (the extension is down, the secret
/// is missing or empty) or, before any were ever fetched, the identity provider's published keys. The credential is
/// neither valid nor invalid, so callers answer "cannot check now" rather than a cacheable deny.
/// </summary>
public sealed class SigningKeyUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
