using System.Net;
using System.Net.Http.Headers;
using Gateway.Testing;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 9 of issue 11: the public sample development secret signs and checks tokens only for the bundled sample
/// configuration or with <c>--dev</c>. With a configuration of one's own and no <c>GATEWAY_JWT_SECRET</c>,
/// <c>serve</c> refuses every HS256 token and says so at start, <c>token mint</c> refuses to sign, and the Lambda
/// authorizer (through <c>gatewayctl invoke</c>) never falls back to the development secret.
/// </summary>
public sealed class C09DevelopmentSecretTests : IAsyncLifetime
{
    private readonly string _config = Path.GetTempFileName();
    private TestUpstream _upstream = null!;

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.StartAsync();
        await File.WriteAllTextAsync(_config, $$"""
            services: { api: { url: "{{_upstream.BaseUrl}}" } }
            routes:
              - { name: me, path: /me, methods: [GET], service: api, auth: jwt }
            auth:
              jwt: { issuer: "https://issuer.test", audience: c09 }
            """);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_config);
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_custom_configuration_without_a_secret_refuses_development_tokens_and_says_so_at_start()
    {
        var token = await MintAsync("--dev");
        await using var serve = await GatewayCtlProcess.StartServeAsync(_config);

        using var response = await SendBearerAsync(serve, token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("no secret is configured", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, _upstream.HitCount);
        Assert.Contains("bearer tokens: every HS256 token is refused: GATEWAY_JWT_SECRET is not set", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_opts_a_custom_configuration_into_the_development_secret_on_serve_and_token_mint_alike()
    {
        var token = await MintAsync("--dev");
        await using var serve = await GatewayCtlProcess.StartServeAsync(_config, ["--dev"]);

        using var response = await SendBearerAsync(serve, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains($"gatewayctl token mint --config {_config} --dev", serve.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_mint_will_not_sign_for_a_custom_configuration_with_the_public_secret_unless_asked()
    {
        var refused = await GatewayCtlProcess.RunAsync("token", "mint", "--sub", "me", "--config", _config);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal(string.Empty, refused.Stdout);
        Assert.Contains("no secret to sign with: GATEWAY_JWT_SECRET is not set", refused.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_authorizer_function_denies_a_development_token_unless_its_environment_names_the_secret()
    {
        string[] invoke = ["invoke", "AuthorizerFunction", "-e", Path.Combine(RepositoryPaths.Events, "authorizer-valid-jwt.json"), "-t", RepositoryPaths.Template];

        var bare = await GatewayCtlProcess.RunAsync(invoke);
        var withSecret = await GatewayCtlProcess.RunAsync([.. invoke, "-n", Path.Combine(RepositoryPaths.Events, "local", "env.json")]);

        // Bare, the template names the secret by ARN and no Parameters and Secrets extension runs locally (as under
        // sam local invoke): the invocation fails, naming why, and is never an allow. A failure rather than a deny,
        // since API Gateway caches a deny for the authorizer's TTL but not an error.
        Assert.NotEqual(0, bare.ExitCode);
        Assert.DoesNotContain("isAuthorized", bare.Stdout, StringComparison.Ordinal);
        Assert.Contains("the Parameters and Secrets extension could not be read", bare.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("{\"isAuthorized\":true", withSecret.Stdout.Trim(), StringComparison.Ordinal);
    }

    private async Task<string> MintAsync(params string[] extra)
    {
        var minted = await GatewayCtlProcess.RunAsync(["token", "mint", "--sub", "me", "--config", _config, .. extra]);
        Assert.True(minted.ExitCode == 0, minted.ToString());
        return minted.Stdout.Trim();
    }

    private static async Task<HttpResponseMessage> SendBearerAsync(GatewayCtlProcess serve, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await serve.Client.SendAsync(request);
    }
}
