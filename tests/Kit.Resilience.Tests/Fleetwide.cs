using Kit.Cli.Demo;
using Kit.Contracts;
using Kit.EndToEnd.Tests;
using Kit.Kubernetes;
using LibGit2Sharp;
using MassTransit;

namespace Kit.Resilience.Tests;

/// <summary>What the scenarios assert over every simulated cluster and the deployments repository.</summary>
static class Fleetwide
{
    public static ImageBuilt Image(string tag, Guid? id = null) => SampleImage.Built(tag, id);

    /// <summary>The commit label of the cluster's Deployments (null when none was applied yet).</summary>
    public static string? CommitOf(Pipeline pipeline, string cluster) =>
        pipeline.Clusters.Cluster(cluster).List("deployments")
            .Select(d => d["metadata"]?["labels"]?[Marks.Commit]?.GetValue<string>())
            .FirstOrDefault();

    /// <summary>The branch's commits, oldest first (first parent), each with its position.</summary>
    public static IReadOnlyDictionary<string, int> History(Pipeline pipeline)
    {
        using var repo = new Repository(pipeline.Repository);
        var commits = new List<string>();
        for (var commit = repo.Branches["main"].Tip; commit is not null; commit = commit.Parents.FirstOrDefault())
        {
            commits.Add(commit.Sha);
        }

        commits.Reverse();
        return commits.Select((sha, i) => (sha, i)).ToDictionary(c => c.sha, c => c.i);
    }

    public static string Tip(Pipeline pipeline)
    {
        using var repo = new Repository(pipeline.Repository);
        return repo.Branches["main"].Tip.Sha;
    }

    /// <summary>
    /// Every write the cluster answered with success, in order, that carried an older commit than a write
    /// before it: what "never applied an older commit after a newer one" forbids.
    /// </summary>
    public static IReadOnlyList<string> OutOfOrderWrites(Pipeline pipeline, string cluster, IReadOnlyDictionary<string, int> history)
    {
        var violations = new List<string>();
        var newest = -1;
        string? newestSha = null;
        foreach (var entry in pipeline.Clusters.Cluster(cluster).RequestLog.Where(e => e.IsWrite && e.StatusCode < 300))
        {
            if (entry.Labels?.GetValueOrDefault(Marks.Commit) is not { } sha || !history.TryGetValue(sha, out var position))
            {
                continue;
            }

            if (position < newest)
            {
                violations.Add($"{cluster}: {entry.Verb} {entry.Resource}/{entry.Name} at {sha[..8]} after {newestSha![..8]}");
            }
            else
            {
                newest = position;
                newestSha = sha;
            }
        }

        return violations;
    }
}
