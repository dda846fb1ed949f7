using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Lambda;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Observability;

/// <summary>
/// A full run, successes and failures of every kind, through the Lambda handler and the local host, with secrets in
/// every place a client or operator puts them. None may appear in anything written.
/// </summary>
public sealed class SecretsNeverLoggedTests
{
    private const string Bearer = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzZWNyZXQtc3ViamVjdCJ9.c2VjcmV0LXNpZ25hdHVyZQ";
    private const string ApiKey = "gw_live_5f1c0ffee9d8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0";
    private const string SessionCookie = "session=s3cr3t-c00kie-value";
    private const string QueryToken = "access_token=qu3ry-t0k3n-s3cr3t";
    private const string JwtSigningSecret = "jwt-signing-secret-do-not-log-0123456789";
    private static readonly string[] Secrets = [Bearer, ApiKey, "s3cr3t-c00kie-value", "qu3ry-t0k3n-s3cr3t", JwtSigningSecret];

    private const string Config = """
        services:
          api: { url: "${env.UPSTREAM}" }
          dead: { url: "${env.DEAD}" }
        routes:
          - { name: open, path: "/open/{id}", service: api }
          - { name: locked, path: /locked, service: api, auth: jwt }
          - { name: dead, path: /dead, service: dead }
          - { name: partner, path: /partner, methods: [GET], service: api, auth: apiKey }
        auth:
          jwt: { issuer: "https://issuer.test", audience: api }
        """;

    [Fact]
    public async Task No_secret_appears_in_the_logs_or_metrics_of_a_full_run()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(configFile, Config);
        var variables = new Dictionary<string, string>
        {
            ["GATEWAY_CONFIG"] = configFile,
            ["GATEWAY_JWT_SECRET"] = JwtSigningSecret,
            ["UPSTREAM"] = upstream.BaseUrl,
            ["DEAD"] = $"http://127.0.0.1:{RawTcpUpstream.UnusedPort()}",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "ProxyFunction",
            ["POWERTOOLS_LOG_LEVEL"] = "Debug",
        };
        try
        {
            var logs = new LogCapture();
            var function = new ProxyFunction(name => variables.GetValueOrDefault(name), logs.Output);
            foreach (var path in new[] { "/open/1", "/locked", "/dead", "/nowhere", "/open/%2e%2e/x" })
            {
                await function.HandleAsync(EventWithSecrets(path));
            }
            await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes($"{{\"version\":\"2.0\",\"rawPath\":\"/x\",\"headers\":{{\"authorization\":\"Bearer {Bearer}\"}}")));

            var text = logs.Text;
            Assert.Contains("request completed", text, StringComparison.Ordinal);
            foreach (var secret in Secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    [Fact]
    public async Task No_credential_or_signing_secret_appears_in_the_authorizer_logs()
    {
        var configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(configFile, Config);
        var variables = new Dictionary<string, string>
        {
            ["GATEWAY_CONFIG"] = configFile,
            ["GATEWAY_JWT_SECRET"] = JwtSigningSecret,
            ["UPSTREAM"] = "http://127.0.0.1:9",
            ["DEAD"] = "http://127.0.0.1:9",
            ["AWS_LAMBDA_FUNCTION_NAME"] = "AuthorizerFunction",
            ["POWERTOOLS_LOG_LEVEL"] = "Debug",
        };
        try
        {
            var logs = new LogCapture();
            var function = new AuthorizerFunction(name => variables.GetValueOrDefault(name), logs.Output);
            foreach (var routeKey in new[] { "ANY /locked", "GET /partner", "GET /nowhere" })
            {
                var node = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Events, "authorizer-valid-jwt.json")))!;
                node["routeKey"] = routeKey;
                node["headers"]!["authorization"] = $"Bearer {Bearer}";
                node["headers"]!["x-api-key"] = ApiKey;
                node["headers"]!["cookie"] = SessionCookie;
                await function.HandleAsync(new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString())));
            }

            var text = logs.Text;
            Assert.Contains("authorizer denied", text, StringComparison.Ordinal);
            foreach (var secret in Secrets)
            {
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    [Fact]
    public async Task No_secret_appears_on_the_stdout_of_gatewayctl_serve()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(configFile, Config.Replace("${env.UPSTREAM}", upstream.BaseUrl, StringComparison.Ordinal)
            .Replace("${env.DEAD}", $"http://127.0.0.1:{RawTcpUpstream.UnusedPort()}", StringComparison.Ordinal));
        try
        {
            await using var serve = await GatewayCtlProcess.StartServeAsync(configFile, ("GATEWAY_JWT_SECRET", JwtSigningSecret), ("POWERTOOLS_LOG_LEVEL", "Debug"));
            foreach (var path in new[] { $"/open/1?{QueryToken}", "/locked", "/dead", "/nowhere" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
                request.Headers.Add("x-api-key", ApiKey);
                request.Headers.Add("Cookie", SessionCookie);
                using var response = await serve.Client.SendAsync(request);
            }

            var stdout = await serve.StopAndReadOutputAsync();
            Assert.Contains("request completed", stdout, StringComparison.Ordinal);
            foreach (var secret in Secrets)
            {
                Assert.DoesNotContain(secret, stdout, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    private static MemoryStream EventWithSecrets(string path)
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryPaths.Events, "proxy-get-hello.json")))!;
        node["rawPath"] = path;
        node["rawQueryString"] = QueryToken;
        node["cookies"] = new JsonArray(SessionCookie);
        node["headers"]!["authorization"] = $"Bearer {Bearer}";
        node["headers"]!["x-api-key"] = ApiKey;
        return new MemoryStream(Encoding.UTF8.GetBytes(node.ToJsonString()));
    }
}
