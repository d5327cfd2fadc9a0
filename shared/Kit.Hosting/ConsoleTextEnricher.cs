using Serilog.Core;
using Serilog.Events;

namespace Kit.Hosting;

/// <summary>Short console prefixes for the deployment id and cluster, empty when absent.</summary>
sealed class ConsoleTextEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory factory)
    {
        logEvent.AddPropertyIfAbsent(factory.CreateProperty("DeploymentIdText",
            logEvent.Properties.TryGetValue("DeploymentId", out var id) && id.ToString() is var s && s.Length > 9 ? " " + s.Trim('"')[..8] : ""));
        logEvent.AddPropertyIfAbsent(factory.CreateProperty("ClusterText",
            logEvent.Properties.TryGetValue("Cluster", out var c) ? " " + c.ToString().Trim('"') : ""));
    }
}
