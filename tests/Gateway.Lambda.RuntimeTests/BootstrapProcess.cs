using System.Collections.Concurrent;
using System.Diagnostics;

namespace Gateway.Lambda.RuntimeTests;

/// <summary>
/// The published bootstrap running as Lambda runs it: a separate process whose environment names the Runtime API and
/// the handler, and nothing else from the test's environment beyond PATH and HOME. Its stdout (the function's JSON
/// logs) is kept line by line.
/// </summary>
public sealed class BootstrapProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private BootstrapProcess(Process process) => _process = process;

    public IReadOnlyCollection<string> StdoutLines => _stdout;

    public string Output => $"--- stdout\n{string.Join('\n', _stdout)}\n--- stderr\n{string.Join('\n', _stderr)}";

    public static BootstrapProcess Start(string executable, string runtimeApi, string handler, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = Path.GetDirectoryName(executable)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment.Clear();
        foreach (var name in new[] { "PATH", "HOME" })
        {
            start.Environment[name] = Environment.GetEnvironmentVariable(name);
        }
        start.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        start.Environment["_HANDLER"] = handler;
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = "gateway-" + handler;
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "1024";
        start.Environment["LAMBDA_TASK_ROOT"] = start.WorkingDirectory;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        var process = new Process { StartInfo = start };
        var running = new BootstrapProcess(process);
        process.OutputDataReceived += (_, line) => { if (line.Data is not null) running._stdout.Enqueue(line.Data); };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) running._stderr.Enqueue(line.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return running;
    }

    /// <summary>The exit code, or a TimeoutException if the process is still running after <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"the bootstrap still runs after {timeout}\n{Output}");
        }
        return _process.ExitCode;
    }

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
