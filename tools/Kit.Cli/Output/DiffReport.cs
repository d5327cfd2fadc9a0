using Kit.Contracts;

namespace Kit.Cli.Output;

/// <summary><c>kit diff -o json|yaml</c>: the commit compared and each cluster's result; the field names are a documented contract.</summary>
public sealed record DiffReport(string Commit, string Repository, IReadOnlyList<DiffReport.RenderFailure> RenderFailures, IReadOnlyList<DiffReport.Cluster> Clusters)
{
    /// <summary>A cluster (or, without one, the whole repository) that did not render.</summary>
    public sealed record RenderFailure(string? Cluster, string Reason);

    /// <summary>One cluster: <c>upToDate</c>, <c>wouldChange</c>, <c>skipped</c> or <c>failed</c>, and every object.</summary>
    public sealed record Cluster(string Name, string Result, string? SkipReason, string? Error, IReadOnlyList<Resource> Objects);

    /// <summary>One object: its action (created, configured, recreated, unchanged, pruned, failed) and changed fields.</summary>
    public sealed record Resource(string Kind, string? Namespace, string Name, string Action, IReadOnlyList<FieldChange> Changes);

    public static Cluster From(ClusterDeployed result)
    {
        var state = result.Outcome switch
        {
            DeploymentOutcome.Skipped => "skipped",
            DeploymentOutcome.Succeeded => result.Resources.All(r => r.Action == "unchanged") ? "upToDate" : "wouldChange",
            _ => "failed",
        };
        return new Cluster(
            result.Cluster,
            state,
            result.SkipReason,
            result.Error,
            result.Resources.Select(r => new Resource(r.Kind, r.Namespace, r.Name, r.Action, r.Changes.Select(FieldChange.Parse).ToList())).ToList());
    }
}
