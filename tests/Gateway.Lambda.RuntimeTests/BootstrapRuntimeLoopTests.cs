using System.Text.Json;
using System.Text.Json.Nodes;
using Gateway.Testing;

namespace Gateway.Lambda.RuntimeTests;

/// <summary>
/// The published bootstrap, a separate process, against a Runtime API on 127.0.0.1: several invocations of each
/// function, an invocation that throws, init errors, and the invocation deadline bounding an upstream call.
/// </summary>
[Collection(PublishedBootstrapCollection.Name)]
public sealed class BootstrapRuntimeLoopTests(PublishedBootstrap bootstrap)
{
    private const string FunctionArn = "arn:aws:lambda:eu-west-1:123456789012:function:gateway-proxy";
    private static readonly TimeSpan PostTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Each_proxy_invocation_is_answered_on_its_own_id_with_its_request_id_and_trace_in_the_logs()
    {
        bootstrap.EnsurePublished();
        await using var upstream = await TestUpstream.StartAsync();
        await using var api = await RuntimeApiHost.StartAsync();
        using var process = BootstrapProcess.Start(bootstrap.Executable, api.Endpoint, "ProxyFunction", new Dictionary<string, string> { ["DEMO_UPSTREAM_URL"] = upstream.BaseUrl });
        var invocations = Enumerable.Range(1, 3).Select(n => Invocation($"proxy-{n}", Event("proxy-get-hello.json"), TimeSpan.FromSeconds(30)) with
        {
            ClientContext = n == 2 ? """{"client":{"app_title":"test"}}""" : null,
            CognitoIdentity = n == 3 ? """{"cognitoIdentityId":"eu-west-1:1","cognitoIdentityPoolId":"eu-west-1:pool"}""" : null,
        }).ToArray();

        foreach (var invocation in invocations)
        {
            api.Enqueue(invocation);
            var post = await api.NextPostAsync(PostTimeout);

            Assert.Equal(("response", invocation.RequestId, "application/json"), (post.Kind, post.RequestId, post.ContentType));
            Assert.Null(post.FunctionErrorType);
            var response = JsonNode.Parse(post.Body)!;
            Assert.Equal(200, (int)response["statusCode"]!);
            Assert.Equal("""{"ok":true}""", (string)response["body"]!);
        }
        Assert.Equal(3, upstream.HitCount);

        // The access log of each request carries Lambda's request id, the invocation's own trace and the invoked ARN.
        await WaitUntilAsync(() => AccessLogs(process).Count == 3, process);
        var logged = AccessLogs(process).Select(log => ((string?)log["function_request_id"], (string?)log["xray_trace_id"], (string?)log["function_arn"]));
        Assert.Equal(invocations.Select(i => ((string?)i.RequestId, (string?)TraceRoot(i.RequestId), (string?)FunctionArn)), logged);
        Assert.False(process.HasExited, process.Output);
    }

    [Fact]
    public async Task An_invocation_that_throws_is_posted_as_its_error_and_the_next_one_is_still_served()
    {
        bootstrap.EnsurePublished();
        await using var api = await RuntimeApiHost.StartAsync();
        using var process = BootstrapProcess.Start(bootstrap.Executable, api.Endpoint, "AuthorizerFunction");

        api.Enqueue(Invocation("auth-broken", "{ this is not an event"u8.ToArray(), TimeSpan.FromSeconds(10)));
        var error = await api.NextPostAsync(PostTimeout);
        api.Enqueue(Invocation("auth-fine", Event("authorizer-no-credentials.json"), TimeSpan.FromSeconds(10)));
        var answer = await api.NextPostAsync(PostTimeout);

        Assert.Equal(("error", "auth-broken", "application/json", "Unhandled"), (error.Kind, error.RequestId, error.ContentType, error.FunctionErrorType));
        var document = JsonNode.Parse(error.Body)!.AsObject();
        Assert.Equal(["errorMessage", "errorType"], document.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("JsonException", (string)document["errorType"]!);
        Assert.Contains("invalid", (string)document["errorMessage"]!, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(("response", "auth-fine"), (answer.Kind, answer.RequestId));
        Assert.Equal("""{"isAuthorized":false}""", answer.BodyText);
        Assert.False(process.HasExited, process.Output);
    }

    [Fact]
    public async Task An_unknown_handler_is_an_init_error_and_the_process_exits_without_asking_for_work()
    {
        bootstrap.EnsurePublished();
        await using var api = await RuntimeApiHost.StartAsync();
        using var process = BootstrapProcess.Start(bootstrap.Executable, api.Endpoint, "Gateway.Lambda::Nope::HandleAsync");

        var post = await api.NextPostAsync(PostTimeout);

        Assert.Equal(1, await process.WaitForExitAsync(PostTimeout));
        AssertInitError(post, "Runtime.NoSuchHandler", "ProxyFunction, AuthorizerFunction");
        Assert.Equal(0, api.NextCalls);
    }

    [Fact]
    public async Task A_bad_bundled_configuration_is_an_init_error_not_a_function_that_fails_every_request()
    {
        bootstrap.EnsurePublished();
        var config = Path.Combine(Path.GetTempPath(), $"gateway-broken-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(config, "routes:\n  - path: /x\n    service: nowhere\n");
        try
        {
            await using var api = await RuntimeApiHost.StartAsync();
            using var process = BootstrapProcess.Start(bootstrap.Executable, api.Endpoint, "ProxyFunction", new Dictionary<string, string> { ["GATEWAY_CONFIG"] = config });

            var post = await api.NextPostAsync(PostTimeout);

            Assert.Equal(1, await process.WaitForExitAsync(PostTimeout));
            AssertInitError(post, "Runtime.ConfigurationInvalid", "the gateway configuration is invalid");
            Assert.Equal(0, api.NextCalls);
        }
        finally
        {
            File.Delete(config);
        }
    }

    [Fact]
    public async Task An_upstream_slower_than_the_invocation_allows_gets_a_504_posted_before_the_deadline()
    {
        bootstrap.EnsurePublished();
        // Slower than the invocation, faster than the service's own 5 s read timeout: only the deadline can end it.
        await using var upstream = await TestUpstream.StartAsync(async (http, _) => await Task.Delay(TimeSpan.FromSeconds(4.5), http.RequestAborted));
        await using var api = await RuntimeApiHost.StartAsync();
        using var process = BootstrapProcess.Start(bootstrap.Executable, api.Endpoint, "ProxyFunction", new Dictionary<string, string> { ["DEMO_UPSTREAM_URL"] = upstream.BaseUrl });
        // Warm: the first invocation pays for connecting, so the timed one measures only the deadline.
        api.Enqueue(Invocation("warm", Event("proxy-unknown-route.json"), TimeSpan.FromSeconds(10)));
        Assert.Equal("response", (await api.NextPostAsync(PostTimeout)).Kind);

        var slow = Invocation("slow", Event("proxy-get-hello.json"), TimeSpan.FromMilliseconds(1500));
        api.Enqueue(slow);
        var post = await api.NextPostAsync(PostTimeout);

        Assert.Equal(("response", "slow"), (post.Kind, post.RequestId));
        var response = JsonNode.Parse(post.Body)!;
        Assert.Equal(504, (int)response["statusCode"]!);
        Assert.Contains("upstream_timeout", (string)response["body"]!, StringComparison.Ordinal);
        Assert.True(post.ReceivedAt < slow.Deadline, $"posted at {post.ReceivedAt:O}, deadline {slow.Deadline:O}");
    }

    private static QueuedInvocation Invocation(string requestId, byte[] payload, TimeSpan timeLeft) =>
        new(requestId, DateTimeOffset.UtcNow + timeLeft, FunctionArn, $"Root={TraceRoot(requestId)};Parent=53995c3f42cd8ad8;Sampled=1", payload);

    /// <summary>A distinct, well-formed X-Ray root per invocation.</summary>
    private static string TraceRoot(string requestId) =>
        $"1-65f1c2a0-{Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requestId)))[..24]}";

    private static byte[] Event(string name) => File.ReadAllBytes(Path.Combine(RepositoryPaths.Events, name));

    private static List<JsonObject> AccessLogs(BootstrapProcess process) =>
        process.StdoutLines
            .Select(line => line.StartsWith('{') ? JsonNode.Parse(line) as JsonObject : null)
            .Where(log => log?["function_request_id"] is not null && log["correlation_id"] is not null && log["status"] is not null)
            .ToList()!;

    private static async Task WaitUntilAsync(Func<bool> condition, BootstrapProcess process)
    {
        for (var tries = 0; !condition(); tries++)
        {
            Assert.True(tries < 100, "the expected logs did not appear\n" + process.Output);
            await Task.Delay(50);
        }
    }

    private static void AssertInitError(RuntimePost post, string errorType, string messagePart)
    {
        Assert.Equal(("init/error", "application/json", errorType), (post.Kind, post.ContentType, post.FunctionErrorType));
        using var document = JsonDocument.Parse(post.Body);
        Assert.Equal(errorType, document.RootElement.GetProperty("errorType").GetString());
        Assert.Contains(messagePart, document.RootElement.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }
}
