using Kit.Contracts;
using Kit.Git;
using Kit.Harness;
using Kit.Testing;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kit.CommitWatching.Tests;

/// <summary>A deployer's <see cref="ReconcileRequested"/> becomes the tip announced for the clusters it names.</summary>
public sealed class ReconcileRequestedTests
{
    [Fact]
    public async Task Requests_together_are_answered_with_one_reconcile_of_the_tip_for_their_clusters()
    {
        using var origin = BareGitRepository.Create();
        var tip = origin.Commit(new Dictionary<string, string> { ["a.yaml"] = "a: 1\n" }, "Change");
        using var work = new TempDirectory();
        await using var provider = Services(origin.Path, work);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();

        await harness.Bus.Publish(new ReconcileRequested { CorrelationId = NewId.NextGuid(), Clusters = ["eu-2"], Reason = "deployer started" });
        await harness.Bus.Publish(new ReconcileRequested { CorrelationId = NewId.NextGuid(), Clusters = ["eu-1", "eu-2"], Reason = "kubeconfig appeared" });

        var first = Assert.Single(await Announced(harness, 1));
        Assert.Equal(tip, first.CommitSha);
        Assert.Equal(CommitCause.Reconcile, first.Cause);
        Assert.Equal(["eu-1", "eu-2"], first.Clusters);
        // A reconcile is a new deployment every time, never the commit's own id: that one may be done already.
        Assert.NotEqual(DeterministicGuid.ForCommit(origin.Path, tip), first.CorrelationId);

        await Task.Delay(RepositoryWatcher.ReconcileWindow * 2);
        await harness.Bus.Publish(new ReconcileRequested { CorrelationId = NewId.NextGuid(), Reason = "deployer started" });

        var all = await Announced(harness, 2);
        var second = all.Single(m => m.CorrelationId != first.CorrelationId);
        Assert.Equal((tip, CommitCause.Reconcile), (second.CommitSha, second.Cause));
        Assert.Null(second.Clusters);
        Assert.False(await harness.Published.Any<Fault<ReconcileRequested>>());
    }

    static async Task<List<ManifestsCommitted>> Announced(ITestHarness harness, int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (harness.Published.Select<ManifestsCommitted>().Count(m => m.Context.Message.Cause == CommitCause.Reconcile) < count)
        {
            Assert.Null(harness.Published.Select<Fault<ReconcileRequested>>().FirstOrDefault()?.Context.Message.Exceptions[0].Message);
            await Task.Delay(50, timeout.Token);
        }

        await Task.Delay(RepositoryWatcher.ReconcileWindow * 2, timeout.Token);
        // The harness starts the poller too: its start-up announcement is not an answer.
        return [.. harness.Published.Select<ManifestsCommitted>().Select(m => m.Context.Message).Where(m => m.Cause == CommitCause.Reconcile)];
    }

    static ServiceProvider Services(string repository, TempDirectory work)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = repository,
            ["Kit:Repository:Branch"] = "main",
            ["Kit:Repository:WorkDirectory"] = work.Combine("work"),
        });
        builder.AddCommitWatching();
        builder.Services.AddMassTransitTestHarness(x => x.AddCommitWatchingConsumers());
        return (ServiceProvider)builder.Build().Services;
    }
}
