using System.Collections.Concurrent;
using Kit.Contracts;
using MassTransit;

namespace Kit.EndToEnd.Tests;

/// <summary>How many times each deployment's <see cref="DeploymentCompleted"/> arrived (the progress probe keeps only the first).</summary>
sealed class Completions
{
    readonly ConcurrentDictionary<Guid, int> counts = new();

    public int Count(Guid deploymentId) => counts.GetValueOrDefault(deploymentId);

    public int Total => counts.Values.Sum();

    public void Add(Guid deploymentId) => counts.AddOrUpdate(deploymentId, 1, (_, n) => n + 1);
}

/// <summary>Counts every <see cref="DeploymentCompleted"/> the probe receives.</summary>
sealed class CompletionCounter(Completions completions) : IConsumer<DeploymentCompleted>
{
    public Task Consume(ConsumeContext<DeploymentCompleted> context)
    {
        completions.Add(context.Message.CorrelationId);
        return Task.CompletedTask;
    }
}
