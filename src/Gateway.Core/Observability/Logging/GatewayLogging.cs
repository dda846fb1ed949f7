using Microsoft.Extensions.Logging;

namespace Gateway.Observability.Logging;

/// <summary>The logging both hosts use: Powertools-shaped JSON lines, one per event.</summary>
public static class GatewayLogging
{
    public static ILoggerFactory CreateFactory(ExecutionEnvironment environment, LogLevelSettings levels, LogOutput output, TimeProvider time) =>
        CreateFactory(new PowertoolsJsonLoggerProvider(environment, levels, output, time));

    public static ILoggerFactory CreateFactory(ILoggerProvider provider) =>
        LoggerFactory.Create(builder => Configure(builder, provider));

    /// <summary>Sends a builder's logs (ASP.NET Core's, say) through <paramref name="provider"/>.</summary>
    public static void Configure(ILoggingBuilder builder, ILoggerProvider provider) =>
        builder
            .ClearProviders()
            .AddProvider(provider)
            // The provider decides per event (debug sampling changes the answer per invocation); frameworks stay quiet.
            .SetMinimumLevel(LogLevel.Trace)
            .AddFilter("Microsoft", LogLevel.Warning)
            .AddFilter("System", LogLevel.Warning);
}
