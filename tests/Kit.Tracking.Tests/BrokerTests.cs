using System.Collections.Concurrent;
using Kit.Contracts;
using Kit.Harness;
using Kit.Testing;
using Kit.Testing.Tracking;
using MassTransit;

namespace Kit.Tracking.Tests;

public sealed class BrokerTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Two_tracker_services_on_one_broker_and_database_publish_one_completion(string provider)
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("tracker");
        await using var database = await TestDatabase.CreateAsync(provider);
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = vhost.ConnectionString };
        await using var first = await TrackerApp.StartAsync(database, settings);
        await using var second = await TrackerApp.StartAsync(database, settings);
        var completions = new ConcurrentQueue<DeploymentCompleted>();
        var handle = first.Bus.ConnectReceiveEndpoint($"test-completed-{Guid.NewGuid():N}", e => e.Handler<DeploymentCompleted>(context =>
        {
            completions.Enqueue(context.Message);
            return Task.CompletedTask;
        }));
        await handle.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        var id = Guid.NewGuid();
        var clusters = Events.Clusters(5);

        // Reports first and twice, from both processes, then the plan.
        foreach (var cluster in clusters)
        {
            var report = Events.Deployed(id, cluster, "abc1234", cluster == "cluster-2" ? DeploymentOutcome.Failed : DeploymentOutcome.Succeeded, "boom");
            await first.Bus.Publish(report);
            await second.Bus.Publish(report);
        }

        await second.Bus.Publish(Events.Planned(id, "abc1234", clusters));

        await Eventually.HoldsAsync(() => !completions.IsEmpty, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(50));

        await Task.Delay(1500); // room for a second, wrong, completion
        var completed = Assert.Single(completions);
        Assert.Equal((5, 4, 1), (completed.Total, completed.Succeeded, completed.Failed));
        Assert.Equal("cluster-2", Assert.Single(completed.Failures).Cluster);
        Assert.Equal(0, await vhost.QueueDepthAsync("deployment-planned_error") + await vhost.QueueDepthAsync("cluster-deployed_error"));
    }
}
