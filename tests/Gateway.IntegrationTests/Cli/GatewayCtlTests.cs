using System.Text.Json;
using Gateway.Testing;

namespace Gateway.IntegrationTests.Cli;

/// <summary>gatewayctl as a user runs it: a separate process, its exit code, stdout and stderr.</summary>
public sealed class GatewayCtlTests
{
    private static Task<ExternalProcess.Result> RunAsync(params string[] arguments) =>
        ExternalProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "gatewayctl.dll"), .. arguments], TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Config_validate_accepts_the_sample()
    {
        var (exitCode, stdout, _) = await RunAsync("config", "validate", RepositoryPaths.SampleConfig);

        Assert.Equal(0, exitCode);
        Assert.Contains("valid", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Config_validate_lists_every_problem_with_its_line_and_fails()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "services:\n  orders: { url: http://o.internal }\nroutes:\n  - path: /a\n    service: ordrs\n  - path: b\n    service: orders\n");
        try
        {
            var (exitCode, _, stderr) = await RunAsync("config", "validate", file);

            Assert.Equal(1, exitCode);
            Assert.Contains($"{file}:5: routes[0].service: unknown service \"ordrs\"", stderr, StringComparison.Ordinal);
            Assert.Contains($"{file}:6: routes[1].path:", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Invoke_prints_the_response_json_on_stdout_and_logs_on_stderr()
    {
        var (exitCode, stdout, _) = await RunAsync("invoke", "ProxyFunction", "--event", "events/proxy-unknown-route.json");

        Assert.Equal(0, exitCode);
        using var response = JsonDocument.Parse(stdout);
        Assert.Equal(404, response.RootElement.GetProperty("statusCode").GetInt32());
    }

    [Fact]
    public async Task Invoke_names_the_functions_when_asked_for_one_the_template_lacks()
    {
        var (exitCode, _, stderr) = await RunAsync("invoke", "NoSuchFunction", "--event", "events/proxy-get-hello.json");

        Assert.Equal(1, exitCode);
        Assert.Contains("ProxyFunction", stderr, StringComparison.Ordinal);
    }
}
