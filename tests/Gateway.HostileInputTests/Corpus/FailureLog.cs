using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Gateway.HostileInputTests.Corpus;

/// <summary>
/// Keeps every error the gateway or Kestrel logs: an unhandled exception shows up here (logged at Critical by the
/// gateway, at Error by ASP.NET Core) even when the client got a tidy answer.
/// </summary>
public sealed class FailureLog : ILoggerProvider, ILogger
{
    private readonly ConcurrentQueue<string> _entries = new();

    public ILogger CreateLogger(string categoryName) => this;

    public IReadOnlyList<string> Drain()
    {
        var drained = new List<string>();
        while (_entries.TryDequeue(out var entry))
        {
            drained.Add(entry);
        }
        return drained;
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            _entries.Enqueue($"{logLevel}: {formatter(state, exception)} {exception?.GetType().Name}: {exception?.Message}");
        }
    }

    public void Dispose()
    {
    }
}
