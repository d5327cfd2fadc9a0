using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using MassTransit;
using SerilogContext = Serilog.Context.LogContext;

namespace Kit.Hosting;

/// <summary>
/// Puts the deployment id, cluster and commit of the message being consumed on every
/// log event written while it is handled, and on the current trace span.
/// </summary>
public sealed class LogContextFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    static readonly Func<T, string?>? Cluster = Getter("Cluster");
    static readonly Func<T, string?>? Commit = Getter("CommitSha");

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var deploymentId = context.CorrelationId ?? CorrelationOf(context.Message);
        var cluster = Cluster?.Invoke(context.Message);
        var commit = Commit?.Invoke(context.Message);
        var activity = Activity.Current;
        activity?.SetTag("kit.deployment_id", deploymentId?.ToString());
        if (cluster is not null)
        {
            activity?.SetTag("kit.cluster", cluster);
        }

        using (SerilogContext.PushProperty("DeploymentId", deploymentId))
        using (cluster is null ? null : SerilogContext.PushProperty("Cluster", cluster))
        using (commit is null ? null : SerilogContext.PushProperty("Commit", commit))
        {
            await next.Send(context);
        }
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("kit-log-context");

    static readonly ConcurrentDictionary<Type, PropertyInfo?> CorrelationProperties = new();

    static Guid? CorrelationOf(T message)
    {
        var property = CorrelationProperties.GetOrAdd(typeof(T), t => t.GetProperty("CorrelationId"));
        return property?.GetValue(message) as Guid?;
    }

    static Func<T, string?>? Getter(string name)
    {
        var property = typeof(T).GetProperty(name);
        return property?.PropertyType == typeof(string) ? m => (string?)property.GetValue(m) : null;
    }
}
