using Gateway.Configuration;
using Gateway.Pipeline;
using Microsoft.Extensions.Logging;

namespace Gateway.LocalHost;

/// <summary>
/// Keeps a running local host on its configuration file: the file is polled, and when its text changes it is loaded
/// and validated again. A valid file replaces the gateway between requests (those in flight finish on the old one);
/// an invalid one is rejected with every problem logged, and the old configuration keeps serving. Polling rather
/// than file events: editors save by writing, truncating or renaming, and a poll sees the result of all of them.
/// </summary>
public sealed partial class ConfigurationReloader(string path, GatewayConfigLoader loader)
{
    private string? _lastText;
    private string? _lastReadFailure;

    public string Path { get; } = path;

    /// <summary>Loads the file when its text differs from the last load (the first call always loads); null when unchanged.</summary>
    public ConfigLoadResult? LoadIfChanged()
    {
        string text;
        try
        {
            text = File.ReadAllText(Path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            if (exception.Message == _lastReadFailure)
            {
                return null;
            }
            _lastReadFailure = exception.Message;
            return new ConfigLoadResult(null, [new ConfigProblem(Path, 0, string.Empty, $"cannot read the file: {exception.Message}")]);
        }
        _lastReadFailure = null;
        if (text == _lastText)
        {
            return null;
        }
        _lastText = text;
        return loader.Parse(text, Path);
    }

    /// <summary>Checks the file every <paramref name="interval"/> until <paramref name="stopping"/>, swapping <paramref name="host"/>'s gateway on each valid change.</summary>
    public async Task WatchAsync(LocalGatewayHost host, Func<GatewayConfig, GatewayHandler> build, ILogger logger, TimeSpan interval, CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(interval);
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

    /// <summary>One check: reload, reject or nothing.</summary>
    private void Reload(LocalGatewayHost host, Func<GatewayConfig, GatewayHandler> build, ILogger logger)
    {
        if (LoadIfChanged() is not { } result)
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
        host.Swap(build(config));
        LogReloaded(logger, Path, config.Routes.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "configuration reloaded from {ConfigFile} ({RouteCount} routes)")]
    private static partial void LogReloaded(ILogger logger, string configFile, int routeCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "configuration change in {ConfigFile} rejected ({ProblemCount} problems); the previous configuration keeps serving")]
    private static partial void LogRejected(ILogger logger, string configFile, int problemCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "configuration problem: {Problem}")]
    private static partial void LogProblem(ILogger logger, string problem);
}
