using Gateway.Testing;

namespace Gateway.IntegrationTests.EdgeIntegrity;

/// <summary>
/// Class 15 of issue 11: a second <c>serve</c> whose port (gateway or admin) is taken exits with one line naming the
/// port and the option to change, not a stack trace; and the admin port follows <c>--port</c> (+1010) unless given,
/// so that two serves started with different <c>--port</c> values do not collide on it.
/// </summary>
public sealed class C15ServePortTests : IDisposable
{
    private readonly string _config = Path.GetTempFileName();

    public C15ServePortTests() =>
        File.WriteAllText(_config, """
            services: { api: { url: "http://127.0.0.1:9" } }
            routes:
              - { name: all, path: "/{proxy+}", service: api }
            """);

    public void Dispose() => File.Delete(_config);

    [Fact]
    public async Task A_taken_gateway_port_is_one_line_naming_the_port_and_port_option()
    {
        await using var first = await GatewayCtlProcess.StartServeAsync(_config);
        var port = first.Client.BaseAddress!.Port;

        var second = await GatewayCtlProcess.RunAsync("serve", "--config", _config, "--port", $"{port}", "--admin-port", $"{RawTcpUpstream.UnusedPort()}");

        AssertOneLineRefusal(second, port, "--port");
    }

    [Fact]
    public async Task The_admin_port_follows_the_port_and_a_taken_one_is_one_line_naming_the_admin_port_option()
    {
        await using var first = await GatewayCtlProcess.StartServeAsync(_config);
        var takenAdmin = first.Admin.BaseAddress!.Port;

        // No --admin-port: the port chosen so that its admin port (port + 1010) is the first serve's.
        var second = await GatewayCtlProcess.RunAsync("serve", "--config", _config, "--port", $"{takenAdmin - 1010}");

        AssertOneLineRefusal(second, takenAdmin, "--admin-port");
    }

    [Fact]
    public async Task A_port_whose_admin_port_would_be_out_of_range_is_one_line_too()
    {
        var result = await GatewayCtlProcess.RunAsync("serve", "--config", _config, "--port", "65000");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal("gatewayctl serve: 66010 is not a port (0 to 65535; the admin port defaults to --port + 1010); choose another with --admin-port", line);
    }

    private static void AssertOneLineRefusal(ExternalProcess.Result result, int port, string option)
    {
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Equal($"gatewayctl serve: cannot listen on 127.0.0.1:{port}: the port is already in use (another serve?); choose another with {option}", line);
        Assert.DoesNotContain("Exception", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }
}
