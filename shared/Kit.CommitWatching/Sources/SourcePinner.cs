using Kit.Contracts;
using Kit.Git;
using LibGit2Sharp;
using MassTransit;

namespace Kit.CommitWatching.Sources;

/// <summary>
/// Pins sources whose branch moved: for each, one commit of <c>sources.lock.yaml</c> through the image writer's race-safe
/// path (<see cref="BranchWriter"/>), only forward (the new commit descends from the pinned one), then announced like an
/// image commit so it deploys like any other.
/// </summary>
public sealed class SourcePinner(RepositoryMirror clone, SourceRepositories sources, BranchWriterSettings settings, ILogger<SourcePinner> logger)
{
    /// <summary>A pin commit pushed to the deployments repository.</summary>
    public sealed record Pinned(string Source, string SourceCommit, string CommitSha, Guid DeploymentId, DateTimeOffset CommittedAt);

    /// <summary>The text with the deployments repository's credentials masked.</summary>
    public string Mask(string text) => clone.Settings.Mask(text);

    /// <summary>Checks the sources <paramref name="which"/> selects, pins those that moved and announces each pin commit.</summary>
    public async Task<IReadOnlyList<Pinned>> CheckAsync(IPublishEndpoint bus, Func<KitSource, bool> which, CommitCause cause, CancellationToken cancellationToken)
    {
        var timeout = settings.GitTimeout;
        var tip = await clone.FetchAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
        IReadOnlyList<KitSource> listed;
        using (var repo = clone.Open())
        {
            listed = SourcePins.Config(repo.Lookup<Commit>(tip)).Sources;
        }

        var pinned = new List<Pinned>();
        foreach (var source in listed.Where(which))
        {
            try
            {
                var branchTip = await sources.For(source).FetchAsync(cancellationToken).WaitAsync(timeout, cancellationToken);
                if (await PinAsync(source, branchTip, cancellationToken) is { } pin)
                {
                    pinned.Add(pin);
                    await bus.Publish(CommitAnnouncement.For(
                        clone.Settings, pin.DeploymentId, pin.CommitSha, cause, pin.CommittedAt, [SourcesLock.Path]), cancellationToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // One source that cannot be fetched or pinned leaves the others to move.
                logger.LogWarning("Source {Source} ({Url}) not pinned: {Error}", source.Name, GitUrls.Mask(source.Url), sources.For(source).Settings.Mask(clone.Settings.Mask(e.Message)));
            }
        }

        logger.LogDebug("Checked {Count} sources of {Repository}, pinned {Pinned}", listed.Count(which), clone.Settings.DisplayUrl, pinned.Count);
        return pinned;
    }

    async Task<Pinned?> PinAsync(KitSource source, string commit, CancellationToken cancellationToken)
    {
        var id = NewId.NextGuid();
        var committedAt = DateTimeOffset.UtcNow;
        string? refusal = null;
        var policy = settings.PushPolicy;
        var writer = new BranchWriter(clone, policy)
        {
            Retrying = (_, delay) => logger.LogInformation("Push to {Repository} refused (the branch moved); pinning {Source} again in {Delay} ms", clone.Settings.DisplayUrl, source.Name, (int)delay.TotalMilliseconds),
        };
        var pushed = await writer.WriteAsync((repo, tip) =>
        {
            refusal = null;
            if (!SourcePins.Config(tip).Sources.Contains(source))
            {
                refusal = "kit.yaml no longer lists it as it was";
                return null;
            }

            var pins = SourcePins.Read(tip);
            var current = pins.GetValueOrDefault(source.Name);
            if (current == commit || SourcePins.LastPinnedByKit(repo, tip, source.Name, settings.HistoryDepth) == commit)
            {
                // Pinned already, or pinned before and reverted since: the branch has not moved, so the revert stands.
                return null;
            }

            var move = sources.Compare(source, current, commit, cancellationToken);
            if (move != SourceMove.Forward)
            {
                refusal = SourceRepositories.Refusal(move, source, current, commit);
                return null;
            }

            pins[source.Name] = commit;
            var tree = TreeDefinition.From(tip.Tree);
            SourcePins.Write(repo, tree, pins);
            var subject = sources.Subject(source, commit);
            var message = $"Pin source {source.Name} to {commit[..12]}\n\n"
                + (subject.Length > 0 ? subject + "\n\n" : "")
                + $"{CommitTrailers.DeploymentId}: {id}\n" + SourcePins.Trailers(source.Name, commit);
            var signature = new Signature(settings.CommitterName, settings.CommitterEmail, DateTimeOffset.UtcNow);
            committedAt = signature.When;
            return repo.ObjectDatabase.CreateCommit(signature, signature, message, repo.ObjectDatabase.CreateTree(tree), [tip], prettifyMessage: false).Sha;
        }, cancellationToken);
        if (refusal is not null)
        {
            logger.LogWarning("Source {Source} not pinned to {SourceCommit}: {Reason}", source.Name, commit, refusal);
        }

        if (pushed is null)
        {
            return null;
        }

        logger.LogInformation("Pinned source {Source} to {SourceCommit} in {Commit} of {Repository}", source.Name, commit, pushed[..12], clone.Settings.DisplayUrl);
        return new Pinned(source.Name, commit, pushed, id, committedAt);
    }
}
