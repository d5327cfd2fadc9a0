using Kit.Cli.Commands;
using Kit.Cli.Demo;
using Kit.Contracts;
using Kit.Deployer;
using Kit.Deploymentizer;
using Kit.ImageDeployer;
using Kit.Notifier;
using Kit.Testing;
using Kit.Tracker;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.EndToEnd.Tests;

public sealed class ImageBuiltToDeploymentCompletedTests
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    static ImageBuilt NewImage() => new()
    {
        CorrelationId = NewId.NextGuid(),
        Image = Pipeline.Image,
        Repository = "hello",
        Branch = "main",
        SourceCommit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        CommitterName = "Ada Lovelace",
        CommitterEmail = "ada@example.com",
        Message = "Greet faster",
        BuiltAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task An_image_reaches_both_clusters_through_five_services_on_rabbitmq()
    {
        await using var pipeline = await Pipeline.StartAsync();
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("e2e");
        using var slack = await HttpCapture.StartAsync();
        var bus = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = vhost.ConnectionString,
            ["Kit:Bus:RetryLimit"] = "3",
            ["Kit:Bus:RetryMinSeconds"] = "0.1",
            ["Kit:Bus:RetryMaxSeconds"] = "1",
        };
        Dictionary<string, string?> With(params (string Key, string? Value)[] settings) =>
            new(bus.Concat(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))));
        var repository = (string Key, string? Value)[] (string service) =>
        [
            ("Kit:Repository:Url", pipeline.Repository),
            ("Kit:Repository:Branch", "main"),
            ("Kit:Repository:WorkDirectory", pipeline.Root.Combine("work-" + service)),
        ];

        var hosts = new List<WebApplication>
        {
            await ServiceHost.StartAsync(ImageDeployerService.Name, With([.. repository("image-deployer"), ("Kit:ImageDeployer:PollSeconds", "0")]),
                b => b.AddImageDeployer(), x => x.AddImageDeployerConsumers()),
            await ServiceHost.StartAsync(DeploymentizerService.Name, With(repository("deploymentizer")),
                b => b.AddDeploymentizer(), x => x.AddDeploymentizerConsumers()),
            await ServiceHost.StartAsync(DeployerService.Name, With(("Kit:Deployer:Kubeconfigs", pipeline.Kubeconfigs), ("Kit:Deployer:PollMilliseconds", "100")),
                b => b.AddDeployer(), x => x.AddDeployerConsumers()),
            await ServiceHost.StartAsync(TrackerService.Name, With(("ConnectionStrings:Tracker", $"Data Source={pipeline.Root.Combine("tracker.db")}")),
                b => b.AddTracker(), x => x.AddTrackerConsumers()),
            await ServiceHost.StartAsync(NotifierService.Name, With(("Kit:Slack:WebhookUrl", slack.Url)),
                b => b.AddNotifier(), x => x.AddNotifierConsumers()),
        };
        var progress = new DeploymentProgress();
        var probe = await ServiceHost.StartAsync("probe", bus, b => { b.Services.AddSingleton(progress); return b; }, x => x.AddConsumer<ProgressConsumer>());
        try
        {
            var image = NewImage();
            await probe.Services.GetRequiredService<IBus>().Publish(image);

            var completed = await progress.CompletedAsync(image.CorrelationId, Deadline);

            Assert.Equal(2, completed.Total);
            Assert.Equal(2, completed.Succeeded);
            Assert.Empty(completed.Failures);
            AssertDeployed(pipeline, image);
            await slack.WaitForAsync(1, TimeSpan.FromSeconds(30));
            Assert.Contains(image.CorrelationId.ToString()[..8], slack.Bodies.Single(), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            foreach (var host in hosts.Append(probe))
            {
                await host.StopAsync();
                await host.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task An_image_reaches_both_clusters_on_the_in_memory_bus_in_one_process()
    {
        await using var pipeline = await Pipeline.StartAsync();
        var progress = new DeploymentProgress();
        var request = new UpRequest(pipeline.Repository, pipeline.Kubeconfigs, "main", 0, null, $"Data Source={pipeline.Root.Combine("tracker.db")}", 0);
        await using var app = UpCommand.Build(request, x => x.AddConsumer<ProgressConsumer>(), b => b.Services.AddSingleton(progress));
        await app.StartAsync();
        try
        {
            var image = NewImage();
            await app.Services.GetRequiredService<IBus>().Publish(image);

            var completed = await progress.CompletedAsync(image.CorrelationId, Deadline);

            Assert.Equal(2, completed.Succeeded);
            Assert.Empty(completed.Failures);
            AssertDeployed(pipeline, image);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    static void AssertDeployed(Pipeline pipeline, ImageBuilt image)
    {
        foreach (var cluster in pipeline.ClusterNames)
        {
            Assert.Contains(image.Image, pipeline.DeployedImages(cluster));
        }

        var tip = pipeline.Tip(out var repo);
        using (repo)
        {
            Assert.Contains($"Kit-Deployment-Id: {image.CorrelationId}", tip.Message);
            Assert.Equal("Ada Lovelace", tip.Author.Name);
            var file = (LibGit2Sharp.Blob)tip["images/hello/main.yaml"].Target;
            Assert.Contains(image.Image, file.GetContentText());
        }
    }
}
