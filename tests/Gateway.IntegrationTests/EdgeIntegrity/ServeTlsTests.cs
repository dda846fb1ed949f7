using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Testing;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Issue 13, item 3: <c>gatewayctl serve</c> with a certificate from the environment or the configuration's
/// <c>gateway.tls</c> speaks HTTPS, and ALPN picks HTTP/2 or HTTP/1.1 as the client asks; a certificate that cannot load
/// stops serve with one line, not a stack trace, and <c>config validate</c> finds it first.
/// </summary>
public sealed class ServeTlsTests : IDisposable
{
    private const string Password = "test-password";
    private readonly string _directory = Directory.CreateTempSubdirectory("serve-tls").FullName;
    private readonly string _config;
    private readonly X509Certificate2 _certificate;

    public ServeTlsTests()
    {
        _config = Path.Combine(_directory, "gateway.yaml");
        File.WriteAllText(_config, """
            services: { api: { url: "http://127.0.0.1:9" } }
            routes:
              - { name: all, path: "/{proxy+}", service: api }
            """);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllBytes(Path.Combine(_directory, "gateway.pfx"), _certificate.Export(X509ContentType.Pkcs12, Password));
        File.WriteAllText(Path.Combine(_directory, "cert.pem"), _certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(_directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose()
    {
        _certificate.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task A_pfx_serves_https_and_alpn_negotiates_the_version_the_client_asks_for(int major)
    {
        await using var serve = await GatewayCtlProcess.StartServeAsync(_config,
            ("GATEWAY_TLS_PFX", Path.Combine(_directory, "gateway.pfx")), ("GATEWAY_TLS_PASSWORD", Password));

        using var response = await SendHttpsAsync(serve, new Version(major, major == 1 ? 1 : 0));

        Assert.Equal(new Version(major, major == 1 ? 1 : 0), response.Version);
        // The upstream (port 9) is down: the gateway's own JSON answer proves the request went through the pipeline.
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_pem_certificate_and_key_serve_https_over_http2()
    {
        await using var serve = await GatewayCtlProcess.StartServeAsync(_config,
            ("GATEWAY_TLS_CERT", Path.Combine(_directory, "cert.pem")), ("GATEWAY_TLS_KEY", Path.Combine(_directory, "key.pem")));

        using var response = await SendHttpsAsync(serve, HttpVersion.Version20);

        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task A_wrong_pfx_password_is_one_line_naming_the_variable()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayCtlProcess.StartServeAsync(_config,
            ("GATEWAY_TLS_PFX", Path.Combine(_directory, "gateway.pfx")), ("GATEWAY_TLS_PASSWORD", "wrong")));

        Assert.Contains("gatewayctl serve: TLS: GATEWAY_TLS_PFX: cannot load", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_certificate_file_is_one_line_naming_the_path()
    {
        var missing = Path.Combine(_directory, "absent.pem");
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayCtlProcess.StartServeAsync(_config,
            ("GATEWAY_TLS_CERT", missing), ("GATEWAY_TLS_KEY", Path.Combine(_directory, "key.pem"))));

        Assert.Contains($"gatewayctl serve: TLS: GATEWAY_TLS_CERT: no file at {missing}", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_configuration_names_the_certificate_relative_to_its_own_folder()
    {
        var config = WriteConfig("tls: { cert: cert.pem, key: key.pem }");

        await using var serve = await GatewayCtlProcess.StartServeAsync(config);
        using var response = await SendHttpsAsync(serve, HttpVersion.Version20);

        Assert.Equal(HttpVersion.Version20, response.Version);
    }

    [Fact]
    public async Task The_environment_wins_over_the_configuration()
    {
        // The file's password is wrong: serve only starts if it takes the environment's certificate instead.
        var config = WriteConfig("tls: { pfx: gateway.pfx, password: not-it }");

        await using var serve = await GatewayCtlProcess.StartServeAsync(config,
            ("GATEWAY_TLS_PFX", Path.Combine(_directory, "gateway.pfx")), ("GATEWAY_TLS_PASSWORD", Password));
        using var response = await SendHttpsAsync(serve, HttpVersion.Version11);

        Assert.Equal(HttpVersion.Version11, response.Version);
    }

    [Fact]
    public async Task Config_validate_loads_the_certificate_for_serve_and_says_lambda_ignores_it()
    {
        var good = WriteConfig($"tls: {{ pfx: gateway.pfx, password: {Password} }}");
        var wrong = WriteConfig("tls: { pfx: gateway.pfx, password: not-it }");

        var accepted = await GatewayCtlProcess.RunAsync("config", "validate", good);
        var refused = await GatewayCtlProcess.RunAsync("config", "validate", wrong);
        var lambdaOnly = await GatewayCtlProcess.RunAsync("config", "validate", wrong, "--host", "lambda");

        Assert.Equal(0, accepted.ExitCode);
        Assert.Contains("gateway.tls: has no effect on lambda", accepted.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"{wrong}:0: gateway.tls: gatewayctl serve: TLS: gateway.tls: cannot load {Path.Combine(_directory, "gateway.pfx")}", refused.Stderr, StringComparison.Ordinal);
        Assert.Contains("valid for lambda only", refused.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, lambdaOnly.ExitCode);
    }

    /// <summary>The test's configuration with <paramref name="tls"/> under <c>gateway:</c>, in the folder that holds the certificates.</summary>
    private string WriteConfig(string tls)
    {
        var path = Path.Combine(_directory, $"gateway-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"gateway: {{ {tls} }}\n" + File.ReadAllText(_config));
        return path;
    }

    private async Task<HttpResponseMessage> SendHttpsAsync(GatewayCtlProcess serve, Version version)
    {
        var trusted = _certificate.Thumbprint;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == trusted },
        });
        var address = new Uri($"https://127.0.0.1:{serve.Client.BaseAddress!.Port}/hello");
        return await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, address) { Version = version, VersionPolicy = HttpVersionPolicy.RequestVersionExact });
    }
}
