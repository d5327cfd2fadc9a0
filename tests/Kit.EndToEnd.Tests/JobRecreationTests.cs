using Kit.Cli.Demo;
using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;

namespace Kit.EndToEnd.Tests;

/// <summary>A Job whose image changes cannot be patched: through the five services on RabbitMQ, it is deleted and created again.</summary>
public sealed class JobRecreationTests
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    const string MigrateResource = """

          migrate:
            file: ./migrate/migrate-job.sbn
            containers:
              migrate:
                name: migrate
                image_tag: hello
        """;

    const string MigrateJob = """
        apiVersion: batch/v1
        kind: Job
        metadata:
          name: {{ name }}
        spec:
          template:
            spec:
              restartPolicy: Never
              containers:
                - name: {{ migrate.name }}
                  image: {{ migrate.image }}
        """;

    [Fact]
    public async Task A_job_image_change_recreates_the_job_on_every_cluster()
    {
        await using var pipeline = await Pipeline.StartAsync();
        AddMigrateJob(pipeline);
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("e2e-job");
        using var slack = await HttpCapture.StartAsync();
        await using var fleet = await Fleet.StartAsync(pipeline, vhost.ConnectionString, slack.Url);

        var first = SampleImage.Built("2.0.0");
        await fleet.Bus.Publish(first);
        var created = await fleet.Progress.CompletedAsync(first.CorrelationId, Deadline);
        Assert.True(created.Failures.Count == 0, string.Join("; ", created.Failures.Select(f => $"{f.Cluster}: {f.Reason}")));
        var uids = pipeline.ClusterNames.ToDictionary(c => c, c => Uid(pipeline, c));

        var second = SampleImage.Built("2.0.1");
        await fleet.Bus.Publish(second);
        var recreated = await fleet.Progress.CompletedAsync(second.CorrelationId, Deadline);

        Assert.True(recreated.Failures.Count == 0, string.Join("; ", recreated.Failures.Select(f => $"{f.Cluster}: {f.Reason}")));
        Assert.Equal(pipeline.ClusterNames.Count, recreated.Succeeded);
        foreach (var cluster in pipeline.ClusterNames)
        {
            var job = pipeline.Clusters.Cluster(cluster).Get("Job", "default", "migrate")!;
            Assert.Equal($"{SampleImage.Repository}:2.0.1", (string?)job["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
            Assert.NotEqual(uids[cluster], Uid(pipeline, cluster));
        }
    }

    /// <summary>Adds a Job that runs the hello image to every cluster of the sample repository.</summary>
    static void AddMigrateJob(Pipeline pipeline)
    {
        string baseCluster;
        using (var repository = new Repository(pipeline.Repository))
        {
            baseCluster = ((Blob)repository.Branches["main"].Tip["base-cluster.yaml"].Target).GetContentText();
        }

        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string>
        {
            ["base-cluster.yaml"] = baseCluster.TrimEnd('\n') + MigrateResource + "\n",
            ["resources/migrate/migrate-job.sbn"] = MigrateJob + "\n",
        }, "Add the migrate Job");
    }

    static string? Uid(Pipeline pipeline, string cluster) =>
        (string?)pipeline.Clusters.Cluster(cluster).Get("Job", "default", "migrate")?["metadata"]?["uid"];
}
