using Kit.CommitWatching;
using Kit.Deploying;
using Kit.ImageUpdating;
using Kit.Notifying;
using Kit.Rendering;
using Kit.Tracking;
using MassTransit;

namespace Kit.EndToEnd.Tests;

/// <summary>Services scale out by sharing a queue, so two different services must never share one.</summary>
public sealed class QueueNameTests
{
    static readonly Type[] Services =
    [
        typeof(ImageUpdatingRegistration), typeof(CommitWatchingRegistration), typeof(RenderingRegistration), typeof(DeployingRegistration), typeof(TrackingRegistration), typeof(NotifyingRegistration),
    ];

    [Fact]
    public void Every_queue_belongs_to_one_service()
    {
        var owners = Services
            .SelectMany(service => service.Assembly.GetTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IConsumer).IsAssignableFrom(t))
                .Select(consumer => (Queue: QueueOf(consumer), Service: service.Name)))
            .ToList();

        Assert.NotEmpty(owners);
        var shared = owners.GroupBy(o => o.Queue).Where(g => g.Select(o => o.Service).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(o => o.Service))}");
        Assert.Empty(shared);
        Assert.Contains(owners, o => o.Queue == "manifests-rendered" && o.Service == nameof(DeployingRegistration));
        Assert.Contains(owners, o => o.Queue == "reconcile-requested" && o.Service == nameof(CommitWatchingRegistration));
    }

    static string QueueOf(Type consumer) => (string)typeof(IEndpointNameFormatter).GetMethod(nameof(IEndpointNameFormatter.Consumer))!
        .MakeGenericMethod(consumer).Invoke(KebabCaseEndpointNameFormatter.Instance, null)!;
}
