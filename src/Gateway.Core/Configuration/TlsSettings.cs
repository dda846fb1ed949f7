namespace Gateway.Configuration;

/// <summary>
/// The certificate a host that terminates TLS listens with (<c>gateway.tls</c>): a PEM certificate and key, or a PKCS#12
/// file, either with a password. Paths are resolved against the configuration file's folder. Only <c>serve</c> reads it;
/// behind API Gateway it has no effect (AWS terminates TLS).
/// </summary>
public sealed record TlsSettings(string? CertificateFile, string? KeyFile, string? PfxFile, string? Password);
