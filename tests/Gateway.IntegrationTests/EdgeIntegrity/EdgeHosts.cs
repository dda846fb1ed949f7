using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Authorization;
using Gateway.Authorization.Jwt;
using Gateway.Composition;
using Gateway.Identity;
using Gateway.Lambda;
using Gateway.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>The two hosts every edge rule must hold on: <c>gatewayctl serve</c>'s Kestrel host and the proxy Lambda.</summary>
public enum EdgeHostKind
{
    Serve,
    Lambda,
}

/// <summary>A request as written on the wire: exact method, target and headers, which no HTTP client would keep.</summary>
public sealed record EdgeRequest(string Method, string Target, params (string Name, string Value)[] Headers)
{
    public string Host { get; init; } = "gateway.test";

    public string Body { get; init; } = string.Empty;

    /// <summary>A caller the gateway verifies: a bearer token on serve, the authorizer's context behind API Gateway.</summary>
    public string? Subject { get; init; }
}

public sealed record EdgeAnswer(int Status, string Body);

/// <summary>
/// One configuration served by either host, in front of a recording upstream, so a test can say what the client got
/// and what reached the upstream. Credentials are HS256 tokens the serve host verifies in-process; behind API Gateway
/// the authorizer has verified them already, so the Lambda event carries its context beside the token.
/// </summary>
public sealed class EdgeHost : IAsyncDisposable
{
    public const string Issuer = "https://issuer.test";
    public const string Audience = "edge";
    public const string SourceIp = "198.51.100.7";
    private const string Secret = "edge-integrity-test-secret-of-enough-length";

    private readonly GatewayServer? _serve;
    private readonly ProxyFunction? _lambda;

    private EdgeHost(TestUpstream upstream, GatewayServer? serve, ProxyFunction? lambda)
    {
        Upstream = upstream;
        _serve = serve;
        _lambda = lambda;
    }

    public TestUpstream Upstream { get; }

    /// <param name="routes">YAML for everything but the service <c>api</c> (the upstream) and the JWT settings.</param>
    public static async Task<EdgeHost> StartAsync(EdgeHostKind kind, string routes, string gateway = "gateway: { name: edge }")
    {
        var upstream = await TestUpstream.StartAsync();
        var config = TestGateway.LoadConfig($$"""
            {{gateway}}
            services:
              api: { url: "{{upstream.BaseUrl}}", retry: { attempts: 1 } }
            auth:
              jwt: { issuer: "{{Issuer}}", audience: {{Audience}} }
            {{routes}}
            """);
        if (kind == EdgeHostKind.Lambda)
        {
            return new EdgeHost(upstream, null, new ProxyFunction(GatewayBuilder.Build(config, TestGateway.Services(null))));
        }
        var authenticator = new InProcessAuthenticator(GatewayAuthentication.Create(config.Auth, new FixedJwtSecret(Secret), null, new HttpClient(), TimeProvider.System));
        var served = GatewayBuilder.Build(config, TestGateway.Services(null) with { Authenticator = authenticator });
        return new EdgeHost(upstream, await GatewayServer.StartAsync(served), null);
    }

    public Task<EdgeAnswer> SendAsync(EdgeRequest request) => _serve is not null ? SendOverSocketAsync(request) : InvokeAsync(request);

    public async ValueTask DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
        await Upstream.DisposeAsync();
    }

    public static string TokenFor(string subject) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Claims = new Dictionary<string, object> { ["sub"] = subject },
        Expires = DateTime.UtcNow.AddMinutes(10),
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)), SecurityAlgorithms.HmacSha256),
    });

    private static IEnumerable<(string Name, string Value)> AllHeaders(EdgeRequest request) =>
        request.Subject is null ? request.Headers : [.. request.Headers, ("Authorization", "Bearer " + TokenFor(request.Subject))];

    private async Task<EdgeAnswer> SendOverSocketAsync(EdgeRequest request)
    {
        // No "Connection: close": Kestrel reports a Connection header that holds "close" as that alone, hiding the
        // names a test lists beside it. The answer is read up to its Content-Length instead (the host always sets it).
        var text = new StringBuilder($"{request.Method} {request.Target} HTTP/1.1\r\nHost: {request.Host}\r\n");
        foreach (var (name, value) in AllHeaders(request))
        {
            text.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        var body = Encoding.UTF8.GetBytes(request.Body);
        text.Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");

        using var client = new TcpClient();
        await client.ConnectAsync(_serve!.Host.Address.Host, _serve.Host.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(text.ToString()));
        await stream.WriteAsync(body);
        return await ReadAnswerAsync(stream, request.Method == "HEAD");
    }

    private static async Task<EdgeAnswer> ReadAnswerAsync(NetworkStream stream, bool head)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        int? end = null;
        var length = 0;
        while (true)
        {
            if (end is null && IndexOfBlankLine(received) is >= 0 and var blank)
            {
                end = blank + 4;
                var lengthLine = Encoding.ASCII.GetString(received.GetRange(0, blank).ToArray()).Split("\r\n")
                    .FirstOrDefault(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                length = head || lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim());
            }
            if (end is { } bodyStart && received.Count >= bodyStart + length)
            {
                var text = Encoding.UTF8.GetString(received.ToArray());
                return new EdgeAnswer(int.Parse(text.AsSpan(9, 3)), Encoding.UTF8.GetString(received.GetRange(bodyStart, length).ToArray()));
            }
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                throw new IOException("the connection closed before the whole answer arrived");
            }
            received.AddRange(buffer.AsSpan(0, read));
        }
    }

    private static int IndexOfBlankLine(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The request as API Gateway's HTTP API hands it over (payload 2.0): repeated headers joined with commas.</summary>
    private async Task<EdgeAnswer> InvokeAsync(EdgeRequest request)
    {
        var headers = new JsonObject { ["host"] = request.Host };
        foreach (var group in AllHeaders(request).GroupBy(h => h.Name.ToLowerInvariant()))
        {
            headers[group.Key] = string.Join(',', group.Select(h => h.Value));
        }
        var question = request.Target.IndexOf('?');
        var path = question < 0 ? request.Target : request.Target[..question];
        var context = new JsonObject
        {
            ["requestId"] = "edge-request",
            ["stage"] = "$default",
            ["domainName"] = request.Host,
            ["http"] = new JsonObject { ["method"] = request.Method, ["path"] = path, ["protocol"] = "HTTP/1.1", ["sourceIp"] = SourceIp },
        };
        if (request.Subject is not null)
        {
            var identity = new CallerIdentity { Kind = CredentialKind.Jwt, Subject = request.Subject };
            var lambda = new JsonObject();
            foreach (var (name, value) in AuthorizerContext.FromIdentity(identity))
            {
                lambda[name] = value;
            }
            context["authorizer"] = new JsonObject { ["lambda"] = lambda };
        }
        var proxyEvent = new JsonObject
        {
            ["version"] = "2.0",
            ["routeKey"] = "$default",
            ["rawPath"] = path,
            ["rawQueryString"] = question < 0 ? string.Empty : request.Target[(question + 1)..],
            ["headers"] = headers,
            ["requestContext"] = context,
            ["isBase64Encoded"] = false,
        };
        if (request.Body.Length > 0)
        {
            proxyEvent["body"] = request.Body;
        }
        await using var output = await _lambda!.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(proxyEvent.ToJsonString())));
        var response = JsonNode.Parse(output)!;
        return new EdgeAnswer(response["statusCode"]!.GetValue<int>(), response["body"]?.GetValue<string>() ?? string.Empty);
    }
}
