using System.Diagnostics;
using System.Text;

namespace Gateway.Testing;

/// <summary>
/// <c>gatewayctl serve</c> as a user runs it: a separate process on free loopback ports, whose stdout the test reads.
/// Needs gatewayctl.dll next to the test assembly (the test project references Gateway.Cli).
/// </summary>
public sealed class GatewayCtlProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayCtlProcess(Process process, int port, int adminPort)
    {
        _process = process;
        Client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Client { get; }

    public HttpClient Admin { get; }

    /// <summary>The process, for what only the operating system can tell about it (its threads).</summary>
    public int ProcessId => _process.Id;

    public static Task<GatewayCtlProcess> StartServeAsync(string configFile, params (string Name, string Value)[] environment) =>
        StartServeAsync(configFile, [], environment);

    /// <summary><c>serve</c> with more arguments, e.g. <c>--store dynamodb</c>.</summary>
    public static async Task<GatewayCtlProcess> StartServeAsync(string configFile, IEnumerable<string> arguments, params (string Name, string Value)[] environment)
    {
        var port = RawTcpUpstream.UnusedPort();
        var adminPort = RawTcpUpstream.UnusedPort();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "gatewayctl.dll"), "serve", "--config", configFile, "--port", $"{port}", "--admin-port", $"{adminPort}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var serve = new GatewayCtlProcess(Process.Start(start)!, port, adminPort);
        serve._process.OutputDataReceived += (_, line) => serve.Append(serve._stdout, line.Data, isStdout: true);
        serve._process.ErrorDataReceived += (_, line) => serve.Append(serve._stderr, line.Data, isStdout: false);
        serve._process.BeginOutputReadLine();
        serve._process.BeginErrorReadLine();
        var ready = await Task.WhenAny(serve._listening.Task, serve._process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(60)));
        if (ready != serve._listening.Task)
        {
            var output = await serve.StopAndReadOutputAsync();
            throw new InvalidOperationException($"gatewayctl serve did not start:\n{output}\n{serve._stderr}");
        }
        return serve;
    }

    /// <summary>What the process has written to stdout so far.</summary>
    public string Output
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    /// <summary>
    /// Stops the process as a container runtime would — SIGTERM, then SIGKILL if it has not exited within 10 s — and
    /// returns everything it wrote to stdout (serve writes its buffered log lines as it shuts down).
    /// </summary>
    public async Task<string> StopAndReadOutputAsync()
    {
        if (!_process.HasExited)
        {
            using (var terminate = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await terminate.WaitForExitAsync();
            }
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        await _process.WaitForExitAsync();
        lock (_stdout)
        {
            return _stdout.ToString();
        }
    }

    /// <summary>Runs another gatewayctl command (keys, token) to completion, as a user would from a shell.</summary>
    public static Task<ExternalProcess.Result> RunAsync(params string[] arguments) =>
        ExternalProcess.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "gatewayctl.dll"), .. arguments], TimeSpan.FromMinutes(2), RepositoryPaths.Root);

    public async ValueTask DisposeAsync()
    {
        await StopAndReadOutputAsync();
        Client.Dispose();
        Admin.Dispose();
        _process.Dispose();
    }

    private void Append(StringBuilder target, string? line, bool isStdout)
    {
        if (line is null)
        {
            return;
        }
        lock (target)
        {
            target.AppendLine(line);
        }
        if (isStdout && line.Contains(" listening on ", StringComparison.Ordinal))
        {
            _listening.TrySetResult();
        }
    }
}
