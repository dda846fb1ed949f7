using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.LocalHost;
using Gateway.Pipeline;
using Gateway.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.Streaming;

/// <summary>
/// A service that asks for HTTP/2 (<c>protocol: http2</c>) is called over HTTP/2 — here an upstream that speaks
/// nothing else (h2c) — and the trailers it sends after a streamed body reach a client on HTTP/2.
/// </summary>
public sealed class ServeHttp2Tests : IAsyncLifetime
{
    private WebApplication _upstream = null!;
    private string _upstreamUrl = null!;
    private string? _protocolSeen;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        _upstream = builder.Build();
        _upstream.Run(async http =>
        {
            _protocolSeen = http.Request.Protocol;
            if (HttpMethods.IsPost(http.Request.Method))
            {
                using var received = new MemoryStream();
                await http.Request.Body.CopyToAsync(received);
                await http.Response.WriteAsync($"received {received.Length} bytes");
                return;
            }
            http.Response.DeclareTrailer("x-checksum");
            await http.Response.WriteAsync("hello");
            http.Response.AppendTrailer("x-checksum", "5d41402a");
        });
        await _upstream.StartAsync();
        _upstreamUrl = _upstream.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task An_http2_service_is_called_over_http2_and_its_trailers_reach_an_http2_client()
    {
        using var certificate = SelfSigned();
        await using var host = await LocalGatewayHost.StartAsync(Gateway("http2"), 0, StageContext.Default, certificate: certificate);
        using var client = TrustingClient(certificate);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri($"https://127.0.0.1:{host.Address.Port}/data"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        });
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("hello", body);
        Assert.Equal("HTTP/2", _protocolSeen);
        Assert.Equal("5d41402a", Assert.Single(response.TrailingHeaders.GetValues("x-checksum")));
    }

    [Fact]
    public async Task An_http2_clients_body_without_a_declared_length_reaches_the_upstream()
    {
        using var certificate = SelfSigned();
        await using var host = await LocalGatewayHost.StartAsync(Gateway("http2"), 0, StageContext.Default, certificate: certificate);
        using var client = TrustingClient(certificate);
        // No length known up front: HTTP/2 sends DATA frames with no content-length header.
        var content = new UnknownLengthContent(new byte[100_000]);

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri($"https://127.0.0.1:{host.Address.Port}/data"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("received 100000 bytes", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_service_on_the_default_protocol_speaks_http1_which_an_http2_only_upstream_refuses()
    {
        await using var host = await LocalGatewayHost.StartAsync(Gateway("http"), 0, StageContext.Default);
        using var client = new HttpClient();

        using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{host.Address.Port}/data"));

        // Kestrel answers an HTTP/1.1 request on an HTTP/2-only port with its own 400; the application never sees it.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(_protocolSeen);
    }

    private GatewayHandler Gateway(string protocol) => GatewayBuilder.Build(
        TestGateway.LoadConfig($$"""
            services:
              data: { url: "{{_upstreamUrl}}", protocol: {{protocol}} }
            routes:
              - { name: data, path: /data, methods: [GET, POST], service: data }
            """, host: HostProfile.Container),
        TestGateway.Services(null) with { StreamsResponses = true });

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Kestrel's TLS needs a key it can use on every platform: a PKCS#12 round trip gives one.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    private static HttpClient TrustingClient(X509Certificate2 certificate)
    {
        var trusted = certificate.Thumbprint;
        return new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == trusted },
        });
    }

    private sealed class UnknownLengthContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
