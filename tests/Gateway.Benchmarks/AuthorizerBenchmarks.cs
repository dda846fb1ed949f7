using System.Text;
using BenchmarkDotNet.Attributes;
using Gateway.Authorization;
using Gateway.Authorization.ApiKeys;
using Gateway.Authorization.Jwt;
using Gateway.Configuration;
using Gateway.Lambda;
using Gateway.State;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Gateway.Benchmarks;

/// <summary>
/// The authorizer per call, warm: an HTTP API authorizer event in, the simple response out. <see cref="NoCredential"/>
/// is the function's own cost (parse, route lookup, deny); <see cref="CachedApiKey"/> a valid key whose lookup this
/// instance has cached; <see cref="Hs256Token"/> a valid HS256 token (the secret cached); <see cref="Hs256ValidatorOnly"/>
/// the token validation alone.
/// </summary>
[MemoryDiagnoser]
public class AuthorizerBenchmarks
{
    private const string Secret = "benchmark-secret-0123456789abcdef0123456789";

    private const string Config = """
        services:
          orders: { url: "http://orders.internal" }
        routes:
          - { name: get-order, path: "/orders/{id}", methods: [GET], service: orders, auth: jwt }
          - { name: partner, path: /partner, methods: [GET], service: orders, auth: apiKey }
        usagePlans:
          free: { rate: { requests: 5, per: 1s } }
        auth:
          jwt: { issuer: "https://issuer.example.com", audience: orders-api }
          apiKeys: { cacheTtl: 1h }
        """;

    private AuthorizerFunction _function = null!;
    private JwtValidator _validator = null!;
    private string _token = null!;
    private byte[] _noCredentialEvent = null!;
    private byte[] _apiKeyEvent = null!;
    private byte[] _tokenEvent = null!;

    [GlobalSetup]
    public void Setup()
    {
        var config = new GatewayConfigLoader(Policies.PolicyCatalog.Default, _ => null).Parse(Config, "benchmark.yaml").GetConfigOrThrow();
        var keys = new InMemoryApiKeyStore();
        var (key, id) = ApiKeyFormat.Generate();
        keys.CreateAsync(new ApiKeyRecord { Id = id, Hash = ApiKeyFormat.Hash(key), Tenant = "acme", Plan = "free", Created = DateTimeOffset.UtcNow, LastFour = ApiKeyFormat.LastFour(key) }, default).AsTask().Wait();
        var secret = new FixedJwtSecret(Secret);
        _function = new AuthorizerFunction(config, GatewayAuthentication.Create(config.Auth, secret, keys, new HttpClient(), TimeProvider.System), NullLogger.Instance);
        _validator = new JwtValidator(config.Auth.Jwt!, secret, null);
        _token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "https://issuer.example.com",
            Audience = "orders-api",
            Expires = DateTime.UtcNow.AddDays(1),
            Claims = new Dictionary<string, object> { ["sub"] = "user-1", ["tenant"] = "acme", ["plan"] = "free", ["scope"] = "orders:read orders:write" },
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(Secret)), SecurityAlgorithms.HmacSha256),
        });
        _noCredentialEvent = Event("GET /orders/{id}", "");
        _apiKeyEvent = Event("GET /partner", $"\"x-api-key\": \"{key}\",");
        _tokenEvent = Event("GET /orders/{id}", $"\"authorization\": \"Bearer {_token}\",");
        // Warm: the key lookup cached, the secret's validation parameters built.
        ApiKeyCached().Wait();
        Hs256Token().Wait();
    }

    [Benchmark(Baseline = true)]
    public Task<Stream> NoCredential() => _function.HandleAsync(new MemoryStream(_noCredentialEvent, writable: false));

    [Benchmark]
    public Task<Stream> CachedApiKey() => ApiKeyCached();

    [Benchmark]
    public Task<Stream> Hs256Token() => _function.HandleAsync(new MemoryStream(_tokenEvent, writable: false));

    [Benchmark]
    public ValueTask<Identity.AuthenticationResult> Hs256ValidatorOnly() => _validator.ValidateAsync(_token, default);

    private Task<Stream> ApiKeyCached() => _function.HandleAsync(new MemoryStream(_apiKeyEvent, writable: false));

    private static byte[] Event(string routeKey, string credentialHeader) => Encoding.UTF8.GetBytes($$"""
        {
          "version": "2.0",
          "type": "REQUEST",
          "routeArn": "arn:aws:execute-api:eu-west-1:123456789012:abc123/dev/GET/orders/42",
          "routeKey": "{{routeKey}}",
          "rawPath": "/orders/42",
          "rawQueryString": "",
          "headers": {
            {{credentialHeader}}
            "accept": "application/json",
            "host": "abc123.execute-api.eu-west-1.amazonaws.com",
            "user-agent": "curl/8.5.0",
            "x-forwarded-for": "198.51.100.23"
          },
          "requestContext": {
            "accountId": "123456789012",
            "apiId": "abc123",
            "domainName": "abc123.execute-api.eu-west-1.amazonaws.com",
            "http": { "method": "GET", "path": "/orders/42", "protocol": "HTTP/1.1", "sourceIp": "198.51.100.23", "userAgent": "curl/8.5.0" },
            "requestId": "Xk3a1hTZjoEEJ9g=",
            "routeKey": "{{routeKey}}",
            "stage": "dev",
            "time": "22/Nov/2026:09:15:02 +0000",
            "timeEpoch": 1795338902000
          }
        }
        """);
}
