using Microsoft.Extensions.Logging;

namespace Gateway.Cli.Commands;

/// <summary>Logging for the CLI's commands: human-readable, on standard error so stdout stays clean for output.</summary>
internal static class ConsoleLogging
{
    public static void Configure(ILoggingBuilder builder) =>
        builder
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "HH:mm:ss ";
            })
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning)
            .SetMinimumLevel(LogLevel.Information);

    public static ILoggerFactory CreateFactory() => LoggerFactory.Create(Configure);
}
