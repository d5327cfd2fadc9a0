using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kit.ImageUpdating.Tests;

/// <summary>Keeps every formatted log line, so tests can check what reaches the logs (and what never does).</summary>
sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>Every line with its level and the exception logged with it, if any.</summary>
    public ConcurrentQueue<(LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            capture.Lines.Enqueue(message);
            capture.Entries.Enqueue((logLevel, message, exception));
        }
    }
}
