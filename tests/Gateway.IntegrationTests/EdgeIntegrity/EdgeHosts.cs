using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Authorization;
using Gateway.Authorization.Jwt;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.Identity;
using Gateway.Lambda;
using Gateway.Pipeline;
using Gateway.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>A verified caller, as the authorizer (Lambda) or the in-process authenticator (serve) establishes it.</summary>
public sealed record Caller(string Subject, string? Tenant = null);

/// <summary>What a host answered, as the client would see it.</summary>
public sealed record HostAnswer(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    public string? ErrorCode => Body.StartsWith("{\"error\"", StringComparison.Ordinal)
        ? JsonDocument.Parse(Body).RootElement.GetProperty("error").GetProperty("code").GetString()
        : null;
}

/// <summary>
/// The two hosts a class must hold on: <c>serve</c> (Kestrel, credentials checked in-process: callers send an HS256
/// token) and the proxy Lambda called directly with HTTP API events (callers arrive as the Lambda authorizer's context).
/// </summary>
public abstract class EdgeHost : IAsyncDisposable
{
    public const string Serve = "serve";
    public const string Lambda = "lambda";

    /// <summary>The <c>auth:</c> section a configuration needs for <see cref="Caller"/>s to be verified on serve.</summary>
    public const string JwtAuthSection = "auth: { jwt: { issuer: https://edge.test, audience: edge } }";

    private const string Secret = "edge-integrity-test-secret-of-at-least-32-bytes";

    public static TheoryData<string> Both => [Serve, Lambda];

    public static async Task<EdgeHost> StartAsync(string kind, string yaml)
    {
        var config = TestGateway.LoadConfig(yaml);
        if (kind == Lambda)
        {
            return new LambdaEdgeHost(TestGateway.Build(config));
        }
        var services = TestGateway.Services(null);
        var authenticator = new InProcessAuthenticator(GatewayAuthentication.Create(config.Auth, new FixedJwtSecret(Secret), null, services.UpstreamClient, TimeProvider.System));
        return new ServeEdgeHost(await GatewayServer.StartAsync(GatewayBuilder.Build(config, services with { Authenticator = authenticator })));
    }

    public abstract Task<HostAnswer> SendAsync(string method, string path, Caller? caller = null, string? body = null, params (string Name, string Value)[] headers);

    public abstract ValueTask DisposeAsync();

    internal static string Token(Caller caller)
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
}

internal sealed class ServeEdgeHost(GatewayServer server) : EdgeHost
{
    public override async Task<HostAnswer> SendAsync(string method, string path, Caller? caller = null, string? body = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new StringContent(body);
        }
        if (caller is not null)
        {
            request.Headers.Authorization = new("Bearer", Token(caller));
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await server.Client.SendAsync(request);
        var answerHeaders = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            answerHeaders[name] = string.Join(", ", values);
        }
        return new HostAnswer((int)response.StatusCode, answerHeaders, await response.Content.ReadAsStringAsync());
    }

    public override ValueTask DisposeAsync() => server.DisposeAsync();
}

internal sealed class LambdaEdgeHost(GatewayHandler gateway) : EdgeHost
{
    private readonly ProxyFunction _function = new(gateway);

    public override async Task<HostAnswer> SendAsync(string method, string path, Caller? caller = null, string? body = null, params (string Name, string Value)[] headers)
    {
        var headerObject = new JsonObject { ["host"] = "edge.example.com" };
        foreach (var (name, value) in headers)
        {
            headerObject[name.ToLowerInvariant()] = value;
        }
        var context = new JsonObject
        {
            ["accountId"] = "123456789012",
            ["apiId"] = "edge",
            ["domainName"] = "edge.example.com",
            ["http"] = new JsonObject { ["method"] = method, ["path"] = path, ["protocol"] = "HTTP/1.1", ["sourceIp"] = "198.51.100.23" },
            ["requestId"] = Guid.NewGuid().ToString("N"),
            ["stage"] = "$default",
            ["timeEpoch"] = 1_795_338_902_000,
        };
        if (caller is not null)
        {
            // What the authorizer answers for a verified token; API Gateway hands it over, the credential header too.
            headerObject["authorization"] = "Bearer " + Token(caller);
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
            ["rawQueryString"] = "",
            ["headers"] = headerObject,
            ["requestContext"] = context,
            ["isBase64Encoded"] = false,
        };
        if (body is not null)
        {
            proxyEvent["body"] = body;
        }

        await using var output = await _function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(proxyEvent.ToJsonString())));
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
        return new HostAnswer(root.GetProperty("statusCode").GetInt32(), answerHeaders, text);
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
