using System.Collections.Concurrent;
using Kit.Contracts;
using Kit.Harness;
using Kit.Hosting;
using Kit.Testing;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.ImageUpdating.Tests;

public sealed class ImageDeployerBrokerTests
{
    [Fact]
    public async Task Two_image_deployer_services_on_rabbitmq_lose_no_image()
    {
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("git");
        using var origin = BareGitRepository.Create();
        using var daemon = await GitDaemon.StartAsync(origin.Root);
        using var work = new TempDirectory();
        var hosts = new List<WebApplication>();
        var outcomes = new ConcurrentDictionary<Guid, string>();
        var observer = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(new Uri(vhost.ConnectionString));
            cfg.ReceiveEndpoint("test-outcomes", e =>
            {
                e.Handler<ManifestsCommitted>(c => Task.FromResult(outcomes.TryAdd(c.Message.CorrelationId, c.Message.CommitSha)));
                e.Handler<ImageUpdateFailed>(c => Task.FromResult(outcomes.TryAdd(c.Message.CorrelationId, c.Message.Skipped ? "skipped" : "failed")));
            });
        });
        await observer.StartAsync();
        try
        {
            foreach (var name in (string[])["a", "b"])
            {
                hosts.Add(await StartAsync(vhost.ConnectionString, daemon.Url(origin.Name), work.Combine(name)));
            }

            var messages = (from build in Enumerable.Range(1, 3)
                            from service in Enumerable.Range(1, 6)
                            select new ImageBuilt
                            {
                                CorrelationId = NewId.NextGuid(),
                                Image = $"registry.example.com/svc-{service}:{build}",
                                Repository = $"svc-{service}",
                                Branch = "main",
                                BuiltAt = GitTestKit.Monday.AddMinutes(build),
                            }).OrderBy(_ => Random.Shared.Next()).ToList();
            await Task.WhenAll(messages.Select(m => observer.Publish(m)));

            await Eventually.HoldsAsync(() => outcomes.Count >= messages.Count, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50));

            Assert.Equal(messages.Count, outcomes.Count);
            Assert.DoesNotContain("failed", outcomes.Values);
            for (var service = 1; service <= 6; service++)
            {
                Assert.StartsWith($"image: registry.example.com/svc-{service}:3\n", origin.ReadFile($"images/svc-{service}/main.yaml"), StringComparison.Ordinal);
            }

            var pushed = origin.Log().Select(c => c.Sha).ToHashSet();
            Assert.All(outcomes.Values.Where(v => v.Length == 40), sha => Assert.Contains(sha, pushed));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.StopAsync();
                await host.DisposeAsync();
            }

            await observer.StopAsync();
        }
    }

    static async Task<WebApplication> StartAsync(string broker, string repository, string workDirectory)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = broker,
            ["Kit:Repository:Url"] = repository,
            ["Kit:Repository:WorkDirectory"] = workDirectory,
            ["Kit:ImageDeployer:PollSeconds"] = "0",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddImageUpdating();
        builder.AddKitBus(x => x.AddImageUpdatingConsumers());
        builder.Services.Configure<MassTransitHostOptions>(o => o.WaitUntilStarted = true);
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }
}
