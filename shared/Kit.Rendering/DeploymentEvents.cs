using Kit.Contracts;

namespace Kit.Rendering;

/// <summary>
/// The events one rendered commit produces: the plan (the clusters that rendered, and those that failed to), one
/// <see cref="ManifestsRendered"/> per such cluster and one <see cref="RenderFailed"/> per failed cluster, or
/// a single commit-wide <see cref="RenderFailed"/> (Cluster = null), also carried by the otherwise empty plan, when the
/// repository itself is broken: whichever the tracker reads first, the deployment is failed, never "succeeded on 0 clusters".
/// </summary>
public sealed record DeploymentEvents(DeploymentPlanned Planned, IReadOnlyList<ManifestsRendered> Rendered, IReadOnlyList<RenderFailed> Failed)
{
    const int ReasonsShown = 5;

    /// <summary>Every cluster the commit defines, rendered or not (the render's <see cref="RenderResult.DefinedClusters"/>).</summary>
    public IReadOnlyList<string> DefinedClusters { get; init; } = [];

    public static DeploymentEvents From(ManifestsCommitted commit, long sequence, RenderResult result, DateTimeOffset now)
    {
        var failed = new List<RenderFailed>();
        if (result.Errors.Count > 0)
        {
            failed.Add(Failure(commit, null, result.Errors));
        }

        var rendered = new List<ManifestsRendered>();
        foreach (var cluster in result.Errors.Count > 0 ? [] : result.Clusters)
        {
            if (Deployable(commit, sequence, cluster) is { } set)
            {
                rendered.Add(set);
                continue;
            }

            // An allowFailure cluster's failed resources are warnings in kit render; here the whole cluster
            // is held back, since a set without them would make the deployer prune their objects.
            var problems = cluster.Errors.Count > 0 ? cluster.Errors : cluster.Warnings.Where(w => w.Resource is not null).ToList();
            failed.Add(Failure(commit, cluster.Cluster, problems) with { AllowFailure = cluster.AllowFailure && cluster.Errors.Count == 0 });
        }

        var planned = new DeploymentPlanned
        {
            CorrelationId = commit.CorrelationId,
            Repository = commit.Repository,
            Ref = commit.Ref,
            CommitSha = commit.CommitSha,
            Cause = commit.Cause,
            SourceImage = commit.SourceImage,
            Clusters = rendered.Select(r => r.Cluster).ToList(),
            PlannedAt = now,
            // A held-back allowFailure cluster does not fail the deployment, unless no cluster rendered at all.
            FailedClusters = failed.Where(f => !f.AllowFailure || rendered.Count == 0).Select(f => f.Cluster).OfType<string>().ToList(),
            Failure = failed.FirstOrDefault(f => f.Cluster is null),
        };
        return new DeploymentEvents(planned, rendered, failed) { DefinedClusters = result.DefinedClusters };
    }

    /// <summary>
    /// The cluster's set as the deployer takes it, or null when the cluster failed to render (or holds back an
    /// allowFailure resource): what may go out as soon as this one cluster has rendered.
    /// </summary>
    public static ManifestsRendered? Deployable(ManifestsCommitted commit, long sequence, ClusterManifests cluster)
    {
        if (cluster.Errors.Count > 0 || cluster.Warnings.Any(w => w.Resource is not null))
        {
            return null;
        }

        return new ManifestsRendered
        {
            CorrelationId = commit.CorrelationId,
            Cluster = cluster.Cluster,
            Repository = commit.Repository,
            Ref = commit.Ref,
            CommitSha = commit.CommitSha,
            Sequence = sequence,
            Digest = cluster.Digest,
            Manifests = cluster.Files.Select(f => new RenderedManifest { FileName = f.FileName, Content = f.Content }).ToList(),
            AllowFailure = cluster.AllowFailure,
            SourceImage = commit.SourceImage,
            ExternalEnv = cluster.ExternalEnv.Count == 0 ? null : [.. cluster.ExternalEnv],
            Namespaces = cluster.Namespaces.Count == 0 ? null : cluster.Namespaces.Select(f => new RenderedManifest { FileName = f.FileName, Content = f.Content }).ToList(),
        };
    }

    static RenderFailed Failure(ManifestsCommitted commit, string? cluster, IReadOnlyList<RenderError> errors)
    {
        var first = errors[0];
        var reasons = errors.Take(ReasonsShown).Select(e => e with { Cluster = null }).Select(e => e.ToString());
        var more = errors.Count > ReasonsShown ? $"; and {errors.Count - ReasonsShown} more" : "";
        return new RenderFailed
        {
            CorrelationId = commit.CorrelationId,
            Repository = commit.Repository,
            CommitSha = commit.CommitSha,
            Cluster = cluster,
            File = first.File,
            Line = first.Line,
            Reason = string.Join("; ", reasons) + more,
        };
    }
}
