using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.LocalHost;

/// <summary>
/// The certificate <c>gatewayctl serve</c> listens with, from the environment: a PEM pair
/// (<c>GATEWAY_TLS_CERT</c> + <c>GATEWAY_TLS_KEY</c>) or a PKCS#12 file (<c>GATEWAY_TLS_PFX</c>, with
/// <c>GATEWAY_TLS_PFX_PASSWORD</c> when it has one). None set means plain HTTP, the local default.
/// The Lambda never reads these: API Gateway terminates TLS in front of it.
/// </summary>
public sealed class ServeTls
{
    public const string CertVariable = "GATEWAY_TLS_CERT";
    public const string KeyVariable = "GATEWAY_TLS_KEY";
    public const string PfxVariable = "GATEWAY_TLS_PFX";
    public const string PfxPasswordVariable = "GATEWAY_TLS_PFX_PASSWORD";

    private ServeTls(X509Certificate2? certificate, string? problem)
    {
        Certificate = certificate;
        Problem = problem;
    }

    /// <summary>The loaded certificate; null for plain HTTP or when <see cref="Problem"/> says why it could not load.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>One line for stderr when the settings are inconsistent or a file cannot be read; never a stack trace.</summary>
    public string? Problem { get; }

    public static ServeTls FromEnvironment(Func<string, string?> environment)
    {
        var cert = NonEmpty(environment(CertVariable));
        var key = NonEmpty(environment(KeyVariable));
        var pfx = NonEmpty(environment(PfxVariable));
        if (pfx is not null && (cert is not null || key is not null))
        {
            return Failed($"set either {PfxVariable} or {CertVariable} + {KeyVariable}, not both");
        }
        if (pfx is not null)
        {
            return Load(pfx, PfxVariable, () => X509CertificateLoader.LoadPkcs12FromFile(pfx, environment(PfxPasswordVariable)));
        }
        if (cert is null && key is null)
        {
            return new ServeTls(null, null);
        }
        if (cert is null || key is null)
        {
            return Failed($"{CertVariable} and {KeyVariable} go together: set both (PEM files), or {PfxVariable}");
        }
        return Load(cert, CertVariable, () => WithPersistableKey(X509Certificate2.CreateFromPemFile(cert, key)));
    }

    private static ServeTls Load(string path, string variable, Func<X509Certificate2> load)
    {
        if (!File.Exists(path))
        {
            return Failed($"{variable}: no file at {path}");
        }
        try
        {
            var certificate = load();
            return certificate.HasPrivateKey
                ? new ServeTls(certificate, null)
                : Failed($"{variable}: {path} holds no private key for its certificate");
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Failed($"{variable}: cannot load {path} (wrong password, or not a certificate with its key): {exception.Message}");
        }
    }

    // A key loaded from PEM is ephemeral; a PKCS#12 round trip gives Kestrel's TLS stack a key it can use on every platform.
    private static X509Certificate2 WithPersistableKey(X509Certificate2 pem)
    {
        using (pem)
        {
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static ServeTls Failed(string problem) => new(null, $"gatewayctl serve: TLS: {problem}");

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
