using Kit.Cli.Commands;
using Kit.Cli.Demo;
using Kit.Git;
using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.EndToEnd.Tests;

/// <summary>
/// Templates that live with a service, on the real broker: <c>kit up</c> over a deployments repository that takes
/// the <c>api</c> resource from a service repository served by a real <c>git daemon</c>, pinned in <c>sources.lock.yaml</c>.
/// </summary>
public sealed class SourceTemplateDeployTests
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    static Dictionary<string, string> ApiFiles(string version) => new()
    {
        ["deploy/kit-resources.yaml"] = "resources:\n  api:\n    file: api.sbn\n",
        ["deploy/api.sbn"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: api-config\ndata:\n  version: \"" + version + "\"\n",
        ["src/main.go"] = "package main\n",
    };

    [Fact]
    public async Task A_template_change_pushed_to_a_service_repository_reaches_every_cluster_through_one_pin_commit_and_a_revert_rolls_it_back()
    {
        await using var pipeline = await Pipeline.StartAsync();
        using var services = await ServiceRepositories.StartAsync();
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("e2e-sources");
        var v1 = services.Commit("api", ApiFiles("v1"), "api v1");
        var kit = ReadTip(pipeline.Repository, "kit.yaml");
        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string>
        {
            ["kit.yaml"] = kit + $"sources:\n  - name: api\n    url: {services.Url("api")}\n    branch: main\n    path: deploy\n",
            [SourcesLock.Path] = $"api: {v1}\n",
        }, "Take api's templates from its own repository");

        var progress = new DeploymentProgress();
        var request = new UpRequest(pipeline.Repository, pipeline.Kubeconfigs, "main", 0.2, vhost.ConnectionString, $"Data Source={pipeline.Root.Combine("tracker.db")}", 0);
        await using var app = UpCommand.Build(
            request,
            x => x.AddConsumer<ProgressConsumer>(),
            b =>
            {
                b.Services.AddSingleton(progress);
                b.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Kit:Sources:PollSeconds"] = "0.5" });
            });
        await app.StartAsync();
        try
        {
            // At start every cluster gets the pinned templates, beside the repository's own hello service.
            // A cluster's objects land one by one, so wait for both services on every cluster before taking hello's state.
            await Eventually.TrueAsync(() => pipeline.ClusterNames.All(c => Version(pipeline, c) == "v1" && HelloVersion(pipeline, c) is not null), Deadline, () => "the pinned api templates and hello never reached every cluster");
            var hello = pipeline.ClusterNames.ToDictionary(c => c, c => HelloVersion(pipeline, c));
            var before = TipSha(pipeline.Repository);

            var v2 = services.Commit("api", ApiFiles("v2"), "api v2: a new template");

            await Eventually.TrueAsync(() => TipSha(pipeline.Repository) != before, Deadline, () => "no pin commit was written");
            using var repo = new Repository(pipeline.Repository);
            var pin = repo.Branches["main"].Tip;
            Assert.Equal(before, Assert.Single(pin.Parents).Sha);
            Assert.Contains(v2[..12], pin.Message, StringComparison.Ordinal);
            Assert.Equal(v2, SourcesLock.Parse(ReadTip(pipeline.Repository, SourcesLock.Path))["api"]);

            var completed = await progress.CompletedAsync(Assert.Single(CommitTrailers.DeploymentIds(pin.Message)), Deadline);
            Assert.Equal(pin.Sha, completed.CommitSha);
            Assert.Equal(pipeline.ClusterNames.Count, completed.Succeeded);
            foreach (var cluster in pipeline.ClusterNames)
            {
                Assert.Equal("v2", Version(pipeline, cluster));
                Assert.Equal(hello[cluster], HelloVersion(pipeline, cluster));
            }

            // One pin commit for one move: the branch stays where it is.
            await Task.Delay(1500);
            Assert.Equal(pin.Sha, TipSha(pipeline.Repository));

            // Reverting the pin commit rolls the service's templates back, and the revert stands.
            var revert = BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string> { [SourcesLock.Path] = ReadAt(pipeline.Repository, before, SourcesLock.Path) }, $"Revert \"{pin.MessageShort}\"");
            await Eventually.TrueAsync(() => pipeline.ClusterNames.All(c => Version(pipeline, c) == "v1"), Deadline, () => "the revert never reached every cluster");
            await Task.Delay(1500);
            Assert.Equal(revert, TipSha(pipeline.Repository));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    static string? Version(Pipeline pipeline, string cluster) =>
        Named(pipeline, cluster, "configmaps", "api-config")?["data"]?["version"]?.GetValue<string>();

    /// <summary>The hello Deployment's generation and labels: a write of its spec moves the one, kit's apply marks the other.</summary>
    static string? HelloVersion(Pipeline pipeline, string cluster) =>
        Named(pipeline, cluster, "deployments", "hello") is { } hello ? $"{hello["metadata"]?["generation"]} {hello["metadata"]?["labels"]?.ToJsonString()}" : null;

    static System.Text.Json.Nodes.JsonObject? Named(Pipeline pipeline, string cluster, string resource, string name) =>
        pipeline.Clusters.Cluster(cluster).List(resource).FirstOrDefault(o => o["metadata"]?["name"]?.GetValue<string>() == name);

    static string TipSha(string repository)
    {
        using var repo = new Repository(repository);
        return repo.Branches["main"].Tip.Sha;
    }

    static string ReadTip(string repository, string path) => ReadAt(repository, "main", path);

    static string ReadAt(string repository, string commitish, string path)
    {
        using var repo = new Repository(repository);
        return ((Blob)repo.Lookup<LibGit2Sharp.Commit>(commitish)[path].Target).GetContentText();
    }
}
