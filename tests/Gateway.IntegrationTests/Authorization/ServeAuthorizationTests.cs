using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Authorization;

/// <summary>
/// End to end as a user runs it: <c>gatewayctl serve --store dynamodb</c> on DynamoDB Local, keys issued and revoked
/// with <c>gatewayctl keys</c>, a token from <c>gatewayctl token mint</c>, all as separate processes.
/// </summary>
public sealed class ServeAuthorizationTests
{
    [Fact]
    public async Task A_free_plan_key_trips_its_rate_then_its_quota_stops_working_after_revocation_and_never_forwards_a_forged_user()
    {
        await using var dynamo = await LocalDynamoDb.StartAsync();
        var table = await dynamo.CreateTableAsync();
        await using var upstream = await TestUpstream.StartAsync();
        var configFile = Path.GetTempFileName();
        await File.WriteAllTextAsync(configFile, $$"""
            # Limits, not fail modes, are tested: DynamoDB Local on a loaded machine needs more than the default 100 ms
            # (with 2 s, a write timed out under a full suite beside other builds, failed open, and the quota missed it).
            gateway: { name: serve-auth, storeTimeout: 10s }
            services: { api: { url: "{{upstream.BaseUrl}}" } }
            routes:
              - { name: partner, path: /partner, methods: [GET], service: api, auth: apiKey }
              - { name: me, path: /me, methods: [GET], service: api, auth: { type: jwt, scopes: [profile:read] } }
            usagePlans:
              free:
                rate: { requests: 1, per: 5s, burst: 2 }
                quota: { limit: 3, period: day }
            auth:
              jwt: { issuer: "https://issuer.test", audience: serve-auth }
              apiKeys: { cacheTtl: 1s }
            """);
        string[] store = ["--endpoint", dynamo.Endpoint, "--table", table];
        try
        {
            var refused = await GatewayCtlProcess.RunAsync(["keys", "issue", "--tenant", "acme", "--plan", "gold", "--config", configFile, .. store]);
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains("unknown usage plan \"gold\"", refused.Stderr, StringComparison.Ordinal);
            var issued = await GatewayCtlProcess.RunAsync(["keys", "issue", "--tenant", "acme", "--plan", "free", "--json", "--config", configFile, .. store]);
            Assert.True(issued.ExitCode == 0, issued.ToString());
            using var issuedJson = JsonDocument.Parse(issued.Stdout);
            var key = issuedJson.RootElement.GetProperty("key").GetString()!;
            var keyId = issuedJson.RootElement.GetProperty("id").GetString()!;

            await using var serve = await GatewayCtlProcess.StartServeAsync(configFile, ["--store", "dynamodb", "--table", table, "--dev"], ("AWS_ENDPOINT_URL_DYNAMODB", dynamo.Endpoint));
            async Task<HttpResponseMessage> CallAsync()
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/partner");
                request.Headers.Add("x-api-key", key);
                request.Headers.Add("X-User-ID", "forged-admin");
                return await serve.Client.SendAsync(request);
            }

            // Warm the process up (JIT, connections) on a call that spends nothing of the plan, so that the three calls
            // below come well within one refill (5 s) even on a loaded machine.
            using (var warmUp = await SendBearerAsync(serve, "not-a-token"))
            {
                Assert.Equal(HttpStatusCode.Unauthorized, warmUp.StatusCode);
            }
            using var first = await CallAsync();
            using var second = await CallAsync();
            using var limited = await CallAsync();
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
            Assert.Equal((HttpStatusCode)429, limited.StatusCode);
            Assert.Contains("\"code\":\"rate_limited\"", await limited.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(limited.Headers.Contains("Retry-After"));
            Assert.True(limited.Headers.Contains("RateLimit-Limit"));
            Assert.Equal("acme", upstream.Last.Header("X-Tenant-ID"));
            Assert.Equal("free", upstream.Last.Header("X-Plan"));
            Assert.All(upstream.Received, received => Assert.Null(received.Header("X-User-ID")));

            await Task.Delay(TimeSpan.FromSeconds(5.2));
            using var third = await CallAsync();
            await Task.Delay(TimeSpan.FromSeconds(5.2));
            using var overQuota = await CallAsync();
            Assert.Equal(HttpStatusCode.OK, third.StatusCode);
            Assert.Equal((HttpStatusCode)429, overQuota.StatusCode);
            Assert.Contains("\"code\":\"quota_exceeded\"", await overQuota.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(overQuota.Headers.Contains("Retry-After"));
            Assert.Equal(3, upstream.HitCount);

            var listed = await GatewayCtlProcess.RunAsync(["keys", "list", "--tenant", "acme", .. store]);
            Assert.Contains(keyId, listed.Stdout, StringComparison.Ordinal);
            Assert.Contains(key[^4..], listed.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(key, listed.Stdout, StringComparison.Ordinal);
            var revoked = await GatewayCtlProcess.RunAsync(["keys", "revoke", keyId, .. store]);
            Assert.True(revoked.ExitCode == 0, revoked.ToString());
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            using var afterRevocation = await CallAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, afterRevocation.StatusCode);
            Assert.Contains("revoked", await afterRevocation.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // A development token from token mint works on the JWT route; without the scope it is a 403, not a 401.
            var token = (await GatewayCtlProcess.RunAsync("token", "mint", "--sub", "dev-1", "--scope", "profile:read", "--config", configFile, "--dev")).Stdout.Trim();
            var unscoped = (await GatewayCtlProcess.RunAsync("token", "mint", "--sub", "dev-1", "--config", configFile, "--dev")).Stdout.Trim();
            Assert.Equal(HttpStatusCode.OK, (await SendBearerAsync(serve, token)).StatusCode);
            Assert.Equal("dev-1", upstream.Last.Header("X-User-ID"));
            Assert.Equal(HttpStatusCode.Forbidden, (await SendBearerAsync(serve, unscoped)).StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendBearerAsync(serve, token + "x")).StatusCode);
        }
        finally
        {
            File.Delete(configFile);
        }
    }

    private static async Task<HttpResponseMessage> SendBearerAsync(GatewayCtlProcess serve, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await serve.Client.SendAsync(request);
    }
}
