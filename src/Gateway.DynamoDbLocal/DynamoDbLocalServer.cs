using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gateway.DynamoDbLocal;

/// <summary>
/// A running DynamoDB Local: in memory, on a free port, ready once it answers <c>ListTables</c>. Its tables vanish with
/// it. One shared database (<c>-sharedDb</c>) so that any credentials and region see the same tables.
/// </summary>
public sealed class DynamoDbLocalServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _java;
    private readonly StringBuilder _output = new();

    private DynamoDbLocalServer(Process java, Uri endpoint)
    {
        _java = java;
        Endpoint = endpoint;
        java.OutputDataReceived += (_, line) => Capture(line.Data);
        java.ErrorDataReceived += (_, line) => Capture(line.Data);
        java.BeginOutputReadLine();
        java.BeginErrorReadLine();
    }

    /// <summary>Where to point <c>AWS_ENDPOINT_URL_DYNAMODB</c>.</summary>
    public Uri Endpoint { get; }

    /// <summary>Fetches DynamoDB Local if needed, starts it and waits until it answers; throws, with its output, if it cannot.</summary>
    public static async Task<DynamoDbLocalServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var emulator = await DynamoDbLocalDistribution.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var port = FreePort();
        var start = new ProcessStartInfo("java")
        {
            WorkingDirectory = emulator,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            $"-Djava.library.path={Path.Combine(emulator, "DynamoDBLocal_lib")}", "-jar", Path.Combine(emulator, "DynamoDBLocal.jar"),
            "-inMemory", "-sharedDb", "-disableTelemetry", "-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }
        var java = Process.Start(start) ?? throw new InvalidOperationException("could not start java for DynamoDB Local");
        var server = new DynamoDbLocalServer(java, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken).ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stops the process: what a test does to see how the gateway behaves when DynamoDB goes away.</summary>
    public async Task StopAsync()
    {
        if (!_java.HasExited)
        {
            _java.Kill(entireProcessTree: true);
            await _java.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _java.Dispose();
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var started = Stopwatch.StartNew();
        while (started.Elapsed < StartTimeout)
        {
            if (_java.HasExited)
            {
                throw new InvalidOperationException($"DynamoDB Local exited with code {_java.ExitCode} before answering:\n{Output}");
            }
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, Endpoint)
                {
                    Content = new StringContent("{}", Encoding.UTF8, "application/x-amz-json-1.0"),
                };
                request.Headers.TryAddWithoutValidation("X-Amz-Target", "DynamoDB_20120810.ListTables");
                // DynamoDB Local wants a signature-shaped header but does not check it.
                request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0");
                using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken).ConfigureAwait(false);
        }
        throw new TimeoutException($"DynamoDB Local did not answer ListTables on {Endpoint} within {StartTimeout.TotalSeconds} s:\n{Output}");
    }

    private string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
