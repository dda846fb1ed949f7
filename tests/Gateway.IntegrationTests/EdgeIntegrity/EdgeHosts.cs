using System.Net.Sockets;
using System.Text;
using System.Text.Json;
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

/// <summary>A verified caller: a bearer token on serve, the authorizer's context (and the token) behind API Gateway.</summary>
public sealed record Caller(string Subject, string? Tenant = null);

/// <summary>A request as written on the wire: exact method, target and headers, which no HTTP client would keep.</summary>
public sealed record EdgeRequest(string Method, string Target, params (string Name, string Value)[] Headers)
{
    public string Host { get; init; } = "gateway.test";

    public string Body { get; init; } = string.Empty;

    public Caller? Caller { get; init; }
}

/// <summary>What a host answered, as the client sees it.</summary>
public sealed record EdgeAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? ErrorCode => Body.StartsWith("{\"error\"", StringComparison.Ordinal)
        ? JsonDocument.Parse(Body).RootElement.GetProperty("error").GetProperty("code").GetString()
        : null;
}

/// <summary>
/// One configuration served by either host. Credentials are HS256 tokens the serve host verifies in-process; behind
/// API Gateway the authorizer has verified them already, so the Lambda event carries its context beside the token.
/// </summary>
public sealed class EdgeHost : IAsyncDisposable
{
    /// <summary>The <c>auth:</c> section a configuration needs for <see cref="Caller"/>s to be verified on serve.</summary>
    public const string JwtAuthSection = "auth: { jwt: { issuer: https://edge.test, audience: edge } }";
    public const string SourceIp = "198.51.100.7";
    private const string Secret = "edge-integrity-test-secret-of-at-least-32-bytes";

    private readonly GatewayServer? _serve;
    private readonly ProxyFunction? _lambda;
    private readonly TestUpstream? _upstream;

    private EdgeHost(GatewayServer? serve, ProxyFunction? lambda, TestUpstream? upstream)
    {
        _serve = serve;
        _lambda = lambda;
        _upstream = upstream;
    }

    /// <summary>The recording upstream of <see cref="StartWithRecordingUpstreamAsync"/>.</summary>
    public TestUpstream Upstream => _upstream ?? throw new InvalidOperationException("this host was started on a configuration of the test's own");

    /// <summary>A whole configuration; its <c>auth:</c> section should be <see cref="JwtAuthSection"/> for callers to be verified.</summary>
    public static Task<EdgeHost> StartAsync(EdgeHostKind kind, string yaml) => StartAsync(kind, yaml, null);

    /// <summary>
    /// A recording upstream as the service <c>api</c> (one attempt, no retries), in front of which <paramref name="routes"/>
    /// (YAML with <c>routes:</c> and anything else but services and auth) are served.
    /// </summary>
    public static async Task<EdgeHost> StartWithRecordingUpstreamAsync(EdgeHostKind kind, string routes, string gateway = "gateway: { name: edge }")
    {
        var upstream = await TestUpstream.StartAsync();
        return await StartAsync(kind, $$"""
            {{gateway}}
            services:
              api: { url: "{{upstream.BaseUrl}}", retry: { attempts: 1 } }
            {{JwtAuthSection}}
            {{routes}}
            """, upstream);
    }

    private static async Task<EdgeHost> StartAsync(EdgeHostKind kind, string yaml, TestUpstream? upstream)
    {
        var config = TestGateway.LoadConfig(yaml);
        if (kind == EdgeHostKind.Lambda)
        {
            return new EdgeHost(null, new ProxyFunction(GatewayBuilder.Build(config, TestGateway.Services(null))), upstream);
        }
        var services = TestGateway.Services(null);
        var authenticator = new InProcessAuthenticator(GatewayAuthentication.Create(config.Auth, new FixedJwtSecret(Secret), null, services.UpstreamClient, TimeProvider.System));
        var served = GatewayBuilder.Build(config, services with { Authenticator = authenticator });
        return new EdgeHost(await GatewayServer.StartAsync(served), null, upstream);
    }

    public Task<EdgeAnswer> SendAsync(EdgeRequest request) => _serve is not null ? SendOverSocketAsync(request) : InvokeAsync(request);

    public Task<EdgeAnswer> SendAsync(string method, string path, Caller? caller = null, string? body = null, params (string Name, string Value)[] headers) =>
        SendAsync(new EdgeRequest(method, path, headers) { Caller = caller, Body = body ?? string.Empty });

    public async ValueTask DisposeAsync()
    {
        if (_serve is not null)
        {
            await _serve.DisposeAsync();
        }
        if (_upstream is not null)
        {
            await _upstream.DisposeAsync();
        }
    }

    public static string TokenFor(Caller caller)
    {
        var claims = new Dictionary<string, object> { ["sub"] = caller.Subject };
        if (caller.Tenant is { } tenant)
        {
            claims["tenant"] = tenant;
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://edge.test",
            Audience = "edge",
            Claims = claims,
            Expires = DateTime.UtcNow.AddMinutes(10),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)), SecurityAlgorithms.HmacSha256),
        });
    }

    private static IEnumerable<(string Name, string Value)> AllHeaders(EdgeRequest request) =>
        request.Caller is null ? request.Headers : [.. request.Headers, ("Authorization", "Bearer " + TokenFor(request.Caller))];

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
        while (true)
        {
            if (IndexOfBlankLine(received) is >= 0 and var blank)
            {
                var lines = Encoding.ASCII.GetString(received.GetRange(0, blank).ToArray()).Split("\r\n");
                var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var line in lines.Skip(1))
                {
                    var colon = line.IndexOf(':');
                    var (name, value) = (line[..colon], line[(colon + 1)..].Trim());
                    headers[name] = headers.TryGetValue(name, out var earlier) ? $"{earlier}, {value}" : value;
                }
                var status = int.Parse(lines[0].AsSpan(9, 3));
                // RFC 9112 §6.3: answers to HEAD, and 1xx, 204 and 304 answers, end at their headers whatever length they declare.
                var bodiless = head || status is < 200 or 204 or 304;
                var length = bodiless || !headers.TryGetValue("Content-Length", out var declared) ? 0 : int.Parse(declared);
                if (received.Count >= blank + 4 + length)
                {
                    return new EdgeAnswer(status, headers, Encoding.UTF8.GetString(received.GetRange(blank + 4, length).ToArray()));
                }
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
            ["requestId"] = Guid.NewGuid().ToString("N"),
            ["stage"] = "$default",
            ["domainName"] = request.Host,
            ["http"] = new JsonObject { ["method"] = request.Method, ["path"] = path, ["protocol"] = "HTTP/1.1", ["sourceIp"] = SourceIp },
        };
        if (request.Caller is { } caller)
        {
            var lambda = new JsonObject();
            foreach (var (name, value) in AuthorizerContext.FromIdentity(new CallerIdentity { Kind = CredentialKind.Jwt, Subject = caller.Subject, Tenant = caller.Tenant }))
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
        using var document = await JsonDocument.ParseAsync(output);
        var root = document.RootElement;
        var answerHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("headers", out var returned) && returned.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in returned.EnumerateObject())
            {
                answerHeaders[header.Name] = header.Value.GetString()!;
            }
        }
        var text = root.TryGetProperty("body", out var bodyText) && bodyText.ValueKind == JsonValueKind.String ? bodyText.GetString()! : string.Empty;
        if (root.TryGetProperty("isBase64Encoded", out var flag) && flag.GetBoolean())
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(text));
        }
        return new EdgeAnswer(root.GetProperty("statusCode").GetInt32(), answerHeaders, text);
    }
}
