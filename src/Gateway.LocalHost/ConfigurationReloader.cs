using System.Security.Cryptography;
using Gateway.Configuration;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalHost;

/// <summary>
/// Keeps a running local host on its configuration file. The file is polled; a change is applied only once it has
/// settled: the same size, modification time and content hash for <c>settle</c>, so that a file caught half-written
/// (which may well be valid, e.g. a route without its <c>auth:</c> line yet) is never served. A settled change is
/// loaded and validated: a valid file replaces the gateway between requests (those in flight finish on the old one),
/// with a Warning for each route it opens wider than before (<see cref="AccessWidening"/>); an invalid one is
/// rejected with every problem logged, and the old configuration keeps serving. Polling rather than file events:
/// editors save by writing, truncating or renaming, and a poll sees the result of all of them. The safe way to
/// change the file is to write a new one beside it and rename it over the old (an atomic replace).
/// </summary>
public sealed partial class ConfigurationReloader(string path, GatewayConfigLoader loader, TimeSpan settle, TimeProvider time)
{
    private byte[]? _loadedHash;
    private FileState? _candidate;
    private DateTimeOffset _candidateSince;
    private string? _lastReadFailure;

    public string Path { get; } = path;

    /// <summary>Loads the file as it is now, without waiting for it to settle: what a starting host serves.</summary>
    public ConfigLoadResult Load()
    {
        try
        {
            var bytes = File.ReadAllBytes(Path);
            return Accept(SHA256.HashData(bytes), FileState.Decode(bytes));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return ReadFailure(exception.Message)!;
        }
    }

    /// <summary>
    /// Loads the file when its content differs from the last load and has stayed the same for the settle interval;
    /// null otherwise (unchanged, or still changing). A read failure is reported once, until it changes.
    /// </summary>
    public ConfigLoadResult? LoadIfSettled()
    {
        var state = FileState.Read(Path, out var failure);
        if (failure is not null)
        {
            _candidate = null;
            return ReadFailure(failure);
        }
        _lastReadFailure = null;
        if (state is null)
        {
            // Changed while being read: not a candidate; the next poll looks again.
            _candidate = null;
            return null;
        }
        if (_loadedHash is not null && state.Hash.SequenceEqual(_loadedHash))
        {
            _candidate = null;
            return null;
        }
        var now = time.GetUtcNow();
        if (_candidate is null || !_candidate.SameAs(state))
        {
            _candidate = state;
            _candidateSince = now;
            return null;
        }
        if (now - _candidateSince < settle)
        {
            return null;
        }
        _candidate = null;
        return Accept(state.Hash, state.Text);
    }

    /// <summary>Checks the file every <paramref name="interval"/> until <paramref name="stopping"/>, swapping <paramref name="host"/>'s gateway on each settled, valid change.</summary>
    public async Task WatchAsync(LocalGatewayHost host, Func<GatewayConfig, GatewayHandler> build, ILogger logger, TimeSpan interval, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                Reload(host, build, logger);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private ConfigLoadResult Accept(byte[] hash, string text)
    {
        _loadedHash = hash;
        return loader.Parse(text, Path);
    }

    private ConfigLoadResult? ReadFailure(string failure)
    {
        if (failure == _lastReadFailure)
        {
            return null;
        }
        _lastReadFailure = failure;
        return new ConfigLoadResult(null, [new ConfigProblem(Path, 0, string.Empty, $"cannot read the file: {failure}")]);
    }

    /// <summary>One check: reload, reject or nothing.</summary>
    private void Reload(LocalGatewayHost host, Func<GatewayConfig, GatewayHandler> build, ILogger logger)
    {
        if (LoadIfSettled() is not { } result)
        {
            return;
        }
        if (result.Config is not { } config)
        {
            LogRejected(logger, Path, result.Problems.Count);
            foreach (var problem in result.Problems)
            {
                LogProblem(logger, problem.ToString());
            }
            return;
        }
        foreach (var widening in AccessWidening.Between(host.Gateway.Config, config))
        {
            LogWidened(logger, Path, widening.Route, widening.Change);
        }
        host.Swap(build(config));
        LogReloaded(logger, Path, config.Routes.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "configuration reloaded from {ConfigFile} ({RouteCount} routes)")]
    private static partial void LogReloaded(ILogger logger, string configFile, int routeCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "configuration reload from {ConfigFile} widens access on route {Route}: {Change}")]
    private static partial void LogWidened(ILogger logger, string configFile, string route, string change);

    [LoggerMessage(Level = LogLevel.Error, Message = "configuration change in {ConfigFile} rejected ({ProblemCount} problems); the previous configuration keeps serving")]
    private static partial void LogRejected(ILogger logger, string configFile, int problemCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "configuration problem: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);

    /// <summary>The file as one read saw it; only a read during which size and modification time did not move counts.</summary>
    private sealed record FileState(long Length, DateTime LastWriteUtc, byte[] Hash, string Text)
    {
        public bool SameAs(FileState other) =>
            Length == other.Length && LastWriteUtc == other.LastWriteUtc && Hash.AsSpan().SequenceEqual(other.Hash);

        /// <returns>Null when the file changed while being read, or could not be read (then <paramref name="failure"/> says why).</returns>
        public static FileState? Read(string path, out string? failure)
        {
            failure = null;
            try
            {
                // FileInfo reads the file's state on first use, so the "before" values are taken before reading.
                var before = new FileInfo(path);
                var (lengthBefore, writtenBefore) = (before.Length, before.LastWriteTimeUtc);
                var bytes = File.ReadAllBytes(path);
                var after = new FileInfo(path);
                if (lengthBefore != after.Length || writtenBefore != after.LastWriteTimeUtc || bytes.Length != after.Length)
                {
                    return null;
                }
                return new FileState(after.Length, after.LastWriteTimeUtc, SHA256.HashData(bytes), Decode(bytes));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                failure = exception.Message;
                return null;
            }
        }

        /// <summary>UTF-8, without the byte order mark an editor may write.</summary>
        public static string Decode(byte[] bytes) =>
            System.Text.Encoding.UTF8.GetString(bytes.AsSpan(bytes.AsSpan().StartsWith(System.Text.Encoding.UTF8.Preamble) ? 3 : 0));
    }
}
