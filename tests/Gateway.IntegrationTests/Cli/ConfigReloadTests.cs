using System.Net;
using System.Text.Json;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Cli;

/// <summary><c>gatewayctl serve</c> picking up edits to its configuration file while it runs.</summary>
public sealed class ConfigReloadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static string Config(string upstream, string routes) => $$"""
        services:
          api: { url: "{{upstream}}" }
        routes:
        {{routes}}
        """;

    /// <summary>The <c>problem</c> of every JSON log line that reports one.</summary>
    private static IEnumerable<string> LoggedProblems(string output) =>
        output.Split('\n')
            .Where(line => line.StartsWith('{'))
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.TryGetProperty("problem", out _))
            .Select(line => line.GetProperty("problem").GetString()!);

    private static async Task EventuallyAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"gave up waiting: {what}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_valid_edit_takes_effect_without_a_restart_and_an_invalid_one_is_rejected_while_the_old_one_serves()
    {
        await using var upstream = await TestUpstream.StartAsync();
        var file = Path.Combine(Path.GetTempPath(), $"gateway-reload-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(file, Config(upstream.BaseUrl, "  - { name: a, path: /a, service: api }"));
        try
        {
            await using var serve = await GatewayCtlProcess.StartServeAsync(file);
            Assert.Equal(HttpStatusCode.OK, (await serve.Client.GetAsync("/a")).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await serve.Client.GetAsync("/b")).StatusCode);

            await File.WriteAllTextAsync(file, Config(upstream.BaseUrl, """
                  - { name: a, path: /a, service: api }
                  - { name: b, path: /b, service: api, policies: { responseHeaders: { set: { X-Version: "2" } } } }
                """));
            await EventuallyAsync(async () => (await serve.Client.GetAsync("/b")).StatusCode == HttpStatusCode.OK, "the new route /b");
            await EventuallyAsync(() => Task.FromResult(serve.Output.Contains("configuration reloaded from", StringComparison.Ordinal)), "the reload to be logged");

            await File.WriteAllTextAsync(file, Config(upstream.BaseUrl, """
                  - { name: a, path: /a, service: api }
                  - { name: c, path: /c, service: ordrs }
                """));
            // The rejection and each of its problems are separate lines, read from the process as they come.
            var expected = $"{file}:5: routes[1].service: unknown service \"ordrs\"";
            await EventuallyAsync(() => Task.FromResult(LoggedProblems(serve.Output).Contains(expected)), "the rejected edit's problem to be logged");
            using var stillServed = await serve.Client.GetAsync("/b");
            Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);
            Assert.Equal("2", stillServed.Headers.GetValues("X-Version").Single());
            Assert.Equal(HttpStatusCode.NotFound, (await serve.Client.GetAsync("/c")).StatusCode);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
