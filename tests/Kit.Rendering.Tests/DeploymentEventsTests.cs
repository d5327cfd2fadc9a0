using Kit.Contracts;
using Kit.Rendering.Trees;

namespace Kit.Rendering.Tests;

/// <summary>How a render result becomes the deploymentizer's events.</summary>
public sealed class DeploymentEventsTests
{
    [Fact]
    public void Allow_failure_cluster_with_failed_resources_is_held_back_instead_of_sent_partially()
    {
        var (commit, events) = ConformanceEvents();

        Assert.Equal(["other-test-fixture", "test-fixture"], events.Planned.Clusters.Order());
        Assert.DoesNotContain(events.Rendered, r => r.Cluster == "failure-fixture");
        Assert.Empty(events.Planned.FailedClusters!);
        Assert.Null(events.Planned.Failure);
        var failed = Assert.Single(events.Failed);
        Assert.Equal("failure-fixture", failed.Cluster);
        Assert.Contains("missing env file", failed.Reason);
        Assert.True(failed.AllowFailure);
        Assert.All(events.Rendered, r => Assert.Equal(7, r.Sequence));
        Assert.All(events.Rendered, r => Assert.Equal(commit.CorrelationId, r.CorrelationId));
    }

    [Fact]
    public void The_names_of_external_env_entries_travel_with_the_cluster_so_diffs_can_hide_their_values()
    {
        var (_, events) = ConformanceEvents();

        Assert.Equal(["GITHUB_TOKEN", "SECRET_PASSWORD", "SECRET_USERNAME"], events.Rendered.Single(r => r.Cluster == "test-fixture").ExternalEnv!);

        // other-test-fixture disables the resource with the external entries.
        Assert.Null(events.Rendered.Single(r => r.Cluster == "other-test-fixture").ExternalEnv);
    }

    /// <summary>The events of the conformance repository rendered as sequence 7 of a push.</summary>
    static (ManifestsCommitted Commit, DeploymentEvents Events) ConformanceEvents()
    {
        var repo = Path.Combine(AppContext.BaseDirectory, "Conformance", "kit-deploymentizer", "repo");
        var result = KitRenderer.Render(new FileSystemTree(repo), new RenderOptions { ExternalValues = _ => "value" });
        var commit = new ManifestsCommitted { CorrelationId = Guid.NewGuid(), Repository = repo, Ref = "main", CommitSha = "abc", Cause = CommitCause.Push };
        return (commit, DeploymentEvents.From(commit, 7, result, DateTimeOffset.UnixEpoch));
    }
}
