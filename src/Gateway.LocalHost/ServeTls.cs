using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Configuration;

namespace Gateway.LocalHost;

/// <summary>
/// The certificate <c>gatewayctl serve</c> listens with: from the environment — a PEM pair (<c>GATEWAY_TLS_CERT</c> +
/// <c>GATEWAY_TLS_KEY</c>) or a PKCS#12 file (<c>GATEWAY_TLS_PFX</c>), with <c>GATEWAY_TLS_PASSWORD</c> when the key or
/// file is encrypted — else from the configuration's <c>gateway.tls</c>. The environment wins, so a deployment can swap
/// certificates without editing the file. Neither means plain HTTP, the local default. The Lambda never reads these:
/// API Gateway terminates TLS in front of it.
/// </summary>
public sealed class ServeTls
{
    public const string CertVariable = "GATEWAY_TLS_CERT";
    public const string KeyVariable = "GATEWAY_TLS_KEY";
    public const string PfxVariable = "GATEWAY_TLS_PFX";
    public const string PasswordVariable = "GATEWAY_TLS_PASSWORD";

    private ServeTls(X509Certificate2? certificate, string? problem)
    {
        Certificate = certificate;
        Problem = problem;
    }

    /// <summary>The loaded certificate; null for plain HTTP or when <see cref="Problem"/> says why it could not load.</summary>
    public X509Certificate2? Certificate { get; }

    /// <summary>One line for stderr when the settings are inconsistent or a file cannot be read; never a stack trace.</summary>
    public string? Problem { get; }

    public static ServeTls Resolve(TlsSettings? configured, Func<string, string?> environment)
    {
        var cert = NonEmpty(environment(CertVariable));
        var key = NonEmpty(environment(KeyVariable));
        var pfx = NonEmpty(environment(PfxVariable));
        if (pfx is not null && (cert is not null || key is not null))
        {
            return Failed($"set either {PfxVariable} or {CertVariable} + {KeyVariable}, not both");
        }
        if (pfx is null && (cert is null) != (key is null))
        {
            return Failed($"{CertVariable} and {KeyVariable} go together: set both (PEM files), or {PfxVariable}");
        }
        if (pfx is not null || cert is not null)
        {
            return Load(new TlsSettings(cert, key, pfx, environment(PasswordVariable)), pfx is null ? CertVariable : PfxVariable);
        }
        return configured is null ? new ServeTls(null, null) : Load(configured, "gateway.tls");
    }

    /// <summary>Loads the certificate the settings name; <paramref name="source"/> says where they came from, for the problem line.</summary>
    public static ServeTls Load(TlsSettings settings, string source)
    {
        var path = settings.PfxFile ?? settings.CertificateFile!;
        foreach (var file in new[] { settings.PfxFile, settings.CertificateFile, settings.KeyFile })
        {
            if (file is not null && !File.Exists(file))
            {
                return Failed($"{source}: no file at {file}");
            }
        }
        try
        {
            var certificate = settings.PfxFile is { } pfx
                ? X509CertificateLoader.LoadPkcs12FromFile(pfx, settings.Password)
                : WithPersistableKey(settings.Password is { } password
                    ? X509Certificate2.CreateFromEncryptedPemFile(settings.CertificateFile!, password, settings.KeyFile)
                    : X509Certificate2.CreateFromPemFile(settings.CertificateFile!, settings.KeyFile));
            return certificate.HasPrivateKey
                ? new ServeTls(certificate, null)
                : Failed($"{source}: {path} holds no private key for its certificate");
        }
        catch (Exception exception) when (exception is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return Failed($"{source}: cannot load {path} (wrong password, or not a certificate with its key): {exception.Message}");
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
