using System.Net;
using Gateway.LocalHost;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Cli;

/// <summary>
/// <c>serve</c> runs its socket continuations inline unless its environment says otherwise. The runtime's own reading
/// of the switch shows in the process's threads: with inline completions it waits for socket events on one thread per
/// processor, otherwise on one thread for up to 30 (x64) or 8 (Arm) processors. On a one-processor machine the two
/// counts coincide and only the banner tells them apart.
/// </summary>
public sealed class ServeSocketCompletionsTests : IAsyncLifetime
{
    private const string EventThreadName = ".NET Sockets";
    private const int RouteCount = 300;

    private TestUpstream _upstream = null!;
    private string _config = null!;

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.StartAsync();
        _config = Path.Combine(Path.GetTempPath(), $"gateway-completions-{Guid.NewGuid():N}.yaml");
        // A team's size of table: each route marks what it forwards, so the upstream can tell which route sent it.
        var routes = Enumerable.Range(0, RouteCount).Select(i =>
            $$"""  - { name: r{{i}}, path: "/team{{i}}/items/{id}", methods: [GET], service: api, policies: { requestHeaders: { set: { X-Route: r{{i}} } } } }""");
        await File.WriteAllTextAsync(_config, $$"""
            services:
              api: { url: "{{_upstream.BaseUrl}}" }
            routes:
            {{string.Join("\n", routes)}}
            """);
    }

    public async Task DisposeAsync()
    {
        File.Delete(_config);
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task By_default_serve_waits_for_socket_events_on_a_thread_per_processor_and_runs_their_continuations_there()
    {
        await using var serve = await GatewayCtlProcess.StartServeAsync(_config);
        await AnswersConcurrentRequestsAsync(serve);

        Assert.Contains("socket completions run inline", serve.Output, StringComparison.Ordinal);
        Assert.Equal(Environment.ProcessorCount, EventThreads(serve.ProcessId));
    }

    [Fact]
    public async Task The_environment_can_queue_them_to_the_thread_pool_instead()
    {
        await using var serve = await GatewayCtlProcess.StartServeAsync(_config, (InlineSocketCompletions.Variable, "0"));
        await AnswersConcurrentRequestsAsync(serve);

        Assert.Contains("socket completions are queued to the thread pool", serve.Output, StringComparison.Ordinal);
        var perEngine = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture is System.Runtime.InteropServices.Architecture.Arm64 ? 8.0 : 30.0;
        Assert.Equal(Math.Max(1, (int)Math.Round(Environment.ProcessorCount / perEngine)), EventThreads(serve.ProcessId));
    }

    /// <summary>
    /// Many requests at once over separate connections, so every event thread carries some, to routes across the
    /// table: each answered, and each reaching the upstream once, as its own route forwarded it.
    /// </summary>
    private async Task AnswersConcurrentRequestsAsync(GatewayCtlProcess serve)
    {
        var routes = Enumerable.Range(0, 64).Select(i => i * (RouteCount / 64)).ToArray();
        var answers = await Task.WhenAll(routes.Select(async route =>
        {
            using var client = new HttpClient { BaseAddress = serve.Client.BaseAddress };
            using var response = await client.GetAsync($"/team{route}/items/{route}");
            return response.StatusCode;
        }));
        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));

        var received = _upstream.Received.Select(request => (request.RawTarget, Route: request.Header("X-Route"))).OrderBy(hit => hit.RawTarget, StringComparer.Ordinal);
        var sent = routes.Select(route => ($"/team{route}/items/{route}", (string?)$"r{route}")).OrderBy(hit => hit.Item1, StringComparer.Ordinal);
        Assert.Equal(sent, received);
    }

    private static int EventThreads(int processId) =>
        Directory.GetDirectories($"/proc/{processId}/task")
            .Count(thread => File.ReadAllText(Path.Combine(thread, "comm")).TrimEnd('\n') == EventThreadName);
}
