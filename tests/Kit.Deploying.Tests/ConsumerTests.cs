using Kit.Contracts;
using Kit.Hosting;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Kit.Testing.Manifests;

namespace Kit.Deploying.Tests;

public sealed class ConsumerTests
{
    /// <summary>
    /// The deployer's consumers on the test harness, with the reconcile loop ready to start by hand. A test that
    /// waits for what the loop publishes on its own clock gives the harness a longer <paramref name="inactivity"/>
    /// than its default, which ends a wait after a short quiet spell.
    /// </summary>
    internal static ServiceProvider Provider(DeployerSettings settings, TimeSpan? inactivity = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(Options.Create(settings));
        services.AddSingleton(TimeProvider.System);
        services.AddClusterDeployer();
        services.AddSingleton<Reconciling.ReconcilePass>();
        services.AddSingleton<Reconciling.Reconciler>();
        services.AddMassTransitTestHarness(x =>
        {
            x.AddDeployingConsumers();
            if (inactivity is { } quiet)
            {
                x.SetTestTimeouts(testInactivityTimeout: quiet);
            }
        });
        return services.BuildServiceProvider(true);
    }

    [Fact]
    public async Task A_rendered_set_is_deployed_and_reported_with_its_correlation()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        await using var provider = Provider(fleet.Settings);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        var message = Fleet.Message("one", 1, Set(ConfigMap("a", "1"), Deployment("web", "web:1"))) with { AllowFailure = true };

        await harness.Bus.Publish(message);

        Assert.True(await harness.Consumed.Any<ManifestsRendered>());
        var published = await harness.Published.SelectAsync<ClusterDeployed>().FirstOrDefault();
        Assert.NotNull(published);
        var deployed = published.Context.Message;
        Assert.Equal((message.CorrelationId, DeploymentOutcome.Succeeded, true), (deployed.CorrelationId, deployed.Outcome, deployed.AllowFailure));
        Assert.Equal(message.CorrelationId, published.Context.CorrelationId);
        Assert.Equal(["web:1"], deployed.Images);
        Assert.False(await harness.Published.Any<Fault<ManifestsRendered>>());
    }

    [Fact]
    public async Task An_unreachable_cluster_is_reported_failed_not_faulted()
    {
        await using var fleet = await Fleet.StartAsync(["one"]);
        fleet["one"].TakeDown();
        await using var provider = Provider(fleet.Settings);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(Fleet.Message("one", 1, ConfigMap("a", "1")));

        var published = await harness.Published.SelectAsync<ClusterDeployed>().FirstOrDefault();
        Assert.NotNull(published);
        Assert.Equal(DeploymentOutcome.Failed, published.Context.Message.Outcome);
        Assert.Contains("unreachable", published.Context.Message.Error);
        Assert.False(await harness.Published.Any<Fault<ManifestsRendered>>());
    }

    [Theory]
    [InlineData(null, null, "Kit__Deployer__Kubeconfigs is not set")]
    [InlineData("/configs/**/kubeconfig", "0", "Kit__Deployer__Concurrency must be between 1 and 1024")]
    [InlineData("/configs/**/kubeconfig", "1", "Kit__Deployer__Strategy must be rolling-update or fast-rollback", "blue-green")]
    public void A_wrong_setting_stops_the_service_with_one_line_naming_the_key(string? kubeconfigs, string? concurrency, string expected, string? strategy = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kit:Deployer:Kubeconfigs"] = kubeconfigs,
            ["Kit:Deployer:Concurrency"] = concurrency,
            ["Kit:Deployer:Strategy"] = strategy,
        });
        builder.AddDeploying();
        using var app = builder.Build();
        Assert.False(KitApplication.TryValidate(app.Services, out var error));
        Assert.Contains(expected, error);
    }
}
