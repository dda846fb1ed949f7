using System.Net;
using System.Text;
using Gateway.Authorization;
using Gateway.Composition;
using Gateway.Configuration;
using Gateway.LocalHost;
using Gateway.Observability;
using Gateway.Observability.Logging;
using Gateway.Pipeline;
using Gateway.State;
using Gateway.Testing;
using Microsoft.Extensions.Logging;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 7 of issue 11, on <c>serve</c>'s host and reloader with a real file: a file caught half-written (valid, but
/// with a route's <c>auth:</c> line not yet there) is never served, because a change is applied only once it has
/// settled; and a complete reload that does widen access logs a Warning naming each route it widens.
/// </summary>
public sealed class C07ConfigReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    // How long the writer leaves each piece on disk: many polls, yet well within the settle interval even when a
    // loaded machine stretches the delay (seen: 400 ms taking 1 s).
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(600);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"c07-{Guid.NewGuid():N}.yaml");
    private readonly LogCapture _logs = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly HttpClient _identityProvider = new();
    private TestUpstream _upstream = null!;
    private LocalGatewayHost _host = null!;
    private HttpClient _client = null!;
    private Task _watching = Task.CompletedTask;

    /// <summary>The admin route's protection; a writer that stops just before it leaves a valid, public admin route.</summary>
    private const string AdminProtection = """
            auth: apiKey
            policies:
              requestSizeLimit: { maxBody: 1KB }

        """;

    private string Head => $$"""
        services:
          api: { url: "{{_upstream.BaseUrl}}" }
        routes:
          - name: admin
            path: /admin
            service: api

        """;

    private const string Public = """
          - name: public
            path: /public
            service: api

        """;

    private const string Added = """
          - name: added
            path: /added
            service: api

        """;

    public async Task InitializeAsync()
    {
        _upstream = await TestUpstream.StartAsync();
        await File.WriteAllTextAsync(_file, Head + AdminProtection + Public);
        var reloader = new ConfigurationReloader(_file, new GatewayConfigLoader(), Settle, TimeProvider.System);
        var config = reloader.Load().GetConfigOrThrow();
        _host = await LocalGatewayHost.StartAsync(Build(config), 0, StageContext.Default);
        _client = new HttpClient { BaseAddress = _host.Address };
        var logging = new PowertoolsJsonLoggerProvider(ExecutionEnvironment.FromEnvironment(_ => null, "c07"), new LogLevelSettings(LogLevel.Information), _logs.Output, TimeProvider.System);
        var logger = GatewayLogging.CreateFactory(logging).CreateLogger<ConfigurationReloader>();
        _watching = reloader.WatchAsync(_host, Build, logger, Poll, _stopping.Token);
    }

    public async Task DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _watching;
        _client.Dispose();
        await _host.DisposeAsync();
        await _upstream.DisposeAsync();
        _identityProvider.Dispose();
        File.Delete(_file);
    }

    [Fact]
    public async Task A_file_written_in_pieces_is_applied_whole_and_never_serves_its_unprotected_half()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _client.GetAsync("/admin")).StatusCode);
        var statuses = new System.Collections.Concurrent.ConcurrentQueue<HttpStatusCode>();
        using var probing = new CancellationTokenSource();
        var prober = Task.Run(async () =>
        {
            while (!probing.IsCancellationRequested)
            {
                using var response = await _client.GetAsync("/admin");
                statuses.Enqueue(response.StatusCode);
                await Task.Delay(10);
            }
        });

        // Truncate and write as a slow copy would: the first piece alone is a valid file with a public admin route,
        // and stays on disk for many polls (but less than the settle interval).
        await using (var writer = new FileStream(_file, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            await WritePieceAsync(writer, Head);
            await Task.Delay(Pause);
            await WritePieceAsync(writer, AdminProtection);
            await Task.Delay(Pause);
            await WritePieceAsync(writer, Public + Added);
        }
        await EventuallyAsync(async () => (await _client.GetAsync("/added")).StatusCode == HttpStatusCode.OK);
        await probing.CancelAsync();
        await prober;

        Assert.NotEmpty(statuses);
        Assert.All(statuses, status => Assert.Equal(HttpStatusCode.Unauthorized, status));
        Assert.Equal(0, _upstream.Received.Count(r => r.RawTarget == "/admin"));
        Assert.DoesNotContain(_logs.Documents, line => line.GetProperty("level").GetString() == "WARN");
    }

    [Fact]
    public async Task A_reload_that_widens_access_warns_naming_each_route_and_a_narrowing_one_does_not()
    {
        await ReplaceAsync(Head + Added);
        await EventuallyAsync(async () => (await _client.GetAsync("/added")).StatusCode == HttpStatusCode.OK);

        var warnings = _logs.Documents
            .Where(line => line.GetProperty("level").GetString() == "WARN")
            .Select(line => line.GetProperty("message").GetString()!)
            .ToArray();
        Assert.Contains(warnings, m => m.EndsWith("widens access on route admin: auth changed from apiKey to none (public)", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.EndsWith("widens access on route admin: policies dropped: requestSizeLimit", StringComparison.Ordinal));
        Assert.Contains(warnings, m => m.EndsWith("widens access on route public: the route was removed; its requests now go to whichever route matches next", StringComparison.Ordinal));
        Assert.Equal(3, warnings.Length);

        await ReplaceAsync(Head + AdminProtection + Added);
        await EventuallyAsync(async () => (await _client.GetAsync("/admin")).StatusCode == HttpStatusCode.Unauthorized);
        await Task.Delay(Poll * 4);
        Assert.Equal(3, _logs.Documents.Count(line => line.GetProperty("level").GetString() == "WARN"));
    }

    /// <summary>The safe way the README documents: write a new file beside it, then rename it over the old one.</summary>
    private async Task ReplaceAsync(string yaml)
    {
        var next = _file + ".next";
        await File.WriteAllTextAsync(next, yaml);
        File.Move(next, _file, overwrite: true);
    }

    private GatewayHandler Build(GatewayConfig config) => GatewayBuilder.Build(config, TestGateway.Services(null) with
    {
        Authenticator = new InProcessAuthenticator(GatewayAuthentication.Create(config.Auth, null, new InMemoryApiKeyStore(), _identityProvider, TimeProvider.System)),
    });

    private static async Task WritePieceAsync(FileStream writer, string text)
    {
        await writer.WriteAsync(Encoding.UTF8.GetBytes(text));
        await writer.FlushAsync();
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "gave up waiting for the reload");
            await Task.Delay(50);
        }
    }
}
