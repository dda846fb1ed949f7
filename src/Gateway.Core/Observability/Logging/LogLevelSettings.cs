using Microsoft.Extensions.Logging;

namespace Gateway.Observability.Logging;

/// <summary>
/// The minimum level, from AWS_LAMBDA_LOG_LEVEL (Lambda's advanced logging controls, which win when set) or
/// POWERTOOLS_LOG_LEVEL, and Powertools' debug sampling (POWERTOOLS_LOGGER_SAMPLE_RATE): that fraction of
/// invocations logs at Debug whatever the level.
/// </summary>
public sealed class LogLevelSettings
{
    private readonly double _debugSampleRate;
    private bool _debugSampled;

    public LogLevelSettings(LogLevel minimum, double debugSampleRate = 0)
    {
        Minimum = minimum;
        _debugSampleRate = debugSampleRate;
    }

    public LogLevel Minimum { get; }

    public static LogLevelSettings FromEnvironment(Func<string, string?> environment)
    {
        var level = Parse(environment("AWS_LAMBDA_LOG_LEVEL")) ?? Parse(environment(Configuration.EnvironmentVariables.LogLevel)) ?? LogLevel.Information;
        var rate = double.TryParse(environment("POWERTOOLS_LOGGER_SAMPLE_RATE"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
            ? Math.Clamp(parsed, 0, 1)
            : 0;
        return new LogLevelSettings(level, rate);
    }

    public bool IsEnabled(LogLevel level) =>
        level != LogLevel.None && (level >= Minimum || (_debugSampled && level >= LogLevel.Debug));

    /// <summary>Decides, once per Lambda invocation, whether this one is sampled for debug logs.</summary>
    public void BeginInvocation() => _debugSampled = _debugSampleRate > 0 && Random.Shared.NextDouble() < _debugSampleRate;

    /// <summary>Accepts .NET's names (Information) and Lambda's and Powertools' others (INFO, WARN, FATAL).</summary>
    public static LogLevel? Parse(string? value) => value?.Trim().ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" or "INFORMATION" => LogLevel.Information,
        "WARN" or "WARNING" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" or "CRITICAL" => LogLevel.Critical,
        "NONE" => LogLevel.None,
        _ => null,
    };
}
