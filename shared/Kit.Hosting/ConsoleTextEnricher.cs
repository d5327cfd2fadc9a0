using Serilog.Core;
using Serilog.Events;

namespace Kit.Hosting;

/// <summary>Short console prefixes for the deployment id and cluster, empty when absent, and the console's exception text.</summary>
sealed class ConsoleTextEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory factory)
    {
        logEvent.AddPropertyIfAbsent(factory.CreateProperty("DeploymentIdText",
            logEvent.Properties.TryGetValue("DeploymentId", out var id) && id.ToString() is var s && s.Length > 9 ? " " + s.Trim('"')[..8] : ""));
        logEvent.AddPropertyIfAbsent(factory.CreateProperty("ClusterText",
            logEvent.Properties.TryGetValue("Cluster", out var c) ? " " + c.ToString().Trim('"') : ""));

        // The console shows a stack trace for errors only: a warning (a broker or server retried, a request
        // refused) gets its exception's type and message on the same line. Seq receives every exception whole.
        var exception = logEvent.Exception;
        logEvent.AddPropertyIfAbsent(factory.CreateProperty("ExceptionSummary",
            exception is null || logEvent.Level >= LogEventLevel.Error ? "" : $" ({exception.GetType().Name}: {FirstLine(exception.GetBaseException().Message)})"));
        logEvent.AddPropertyIfAbsent(factory.CreateProperty("ExceptionText",
            exception is null || logEvent.Level < LogEventLevel.Error ? "" : exception + Environment.NewLine));
    }

    static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
