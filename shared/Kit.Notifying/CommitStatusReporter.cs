using Kit.Contracts;
using Microsoft.Extensions.Options;

namespace Kit.Notifying;

/// <summary>
/// Sets commit statuses on GitHub or GitLab: an image's source commit goes pending when its <see cref="ImageBuilt"/>
/// arrives, the deployments commit when its <see cref="DeploymentPlanned"/> does, and both get success or failure with
/// a one-line summary from <see cref="DeploymentCompleted"/>. Start-up and reconcile passes set none (they usually
/// change nothing). A status the API refuses or never takes is logged and given up: it never fails the event.
/// </summary>
public sealed class CommitStatusReporter(WebhookSender sender, SecretRedactor redactor, IOptions<CommitStatusSettings> settings, ILogger<CommitStatusReporter> logger)
{
    readonly RecentDeployments deployments = new();

    CommitStatusSettings Settings => settings.Value;

    public async Task ImageBuiltAsync(ImageBuilt message, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.SourceCommit) || Settings.ImageTarget(message.Repository) is not { } target)
        {
            return;
        }

        var deployment = deployments.Get(message.CorrelationId);
        await deployment.RunAsync(async () =>
        {
            deployment.Source ??= new CommitRef(target, message.SourceCommit);
            if (!deployment.SourceFinal)
            {
                await SendAsync(deployment.Source, CommitState.Pending, $"Deploying {message.Image}", message.CorrelationId, cancellationToken);
            }
        }, cancellationToken);
    }

    public async Task DeploymentPlannedAsync(DeploymentPlanned message, CancellationToken cancellationToken)
    {
        if (!Reported(message.Cause) || string.IsNullOrWhiteSpace(message.CommitSha) || Settings.DeploymentsTarget() is not { } target)
        {
            return;
        }

        var deployment = deployments.Get(message.CorrelationId);
        await deployment.RunAsync(async () =>
        {
            if (!deployment.DeploymentsFinal)
            {
                var clusters = message.Clusters.Count + (message.FailedClusters?.Count ?? 0);
                await SendAsync(new CommitRef(target, message.CommitSha), CommitState.Pending,
                    $"Deploying to {clusters} cluster{(clusters == 1 ? "" : "s")}", message.CorrelationId, cancellationToken);
            }
        }, cancellationToken);
    }

    /// <summary>The final status of both commits; a redelivered completion sends nothing again.</summary>
    public async Task DeploymentCompletedAsync(DeploymentCompleted message, CancellationToken cancellationToken)
    {
        if (!Reported(message.Cause))
        {
            return;
        }

        var deployment = deployments.Get(message.CorrelationId);
        var (state, summary) = Summary(message);
        await deployment.RunAsync(async () =>
        {
            var sends = new List<Task>();
            if (deployment.Source is { } source && !deployment.SourceFinal)
            {
                deployment.SourceFinal = true;
                sends.Add(SendAsync(source, state, summary, message.CorrelationId, cancellationToken));
            }

            if (!deployment.DeploymentsFinal && !string.IsNullOrWhiteSpace(message.CommitSha) && Settings.DeploymentsTarget() is { } target)
            {
                deployment.DeploymentsFinal = true;
                sends.Add(SendAsync(new CommitRef(target, message.CommitSha), state, summary, message.CorrelationId, cancellationToken));
            }

            try
            {
                await Task.WhenAll(sends);
            }
            catch
            {
                // Interrupted (the notifier stopping): the redelivered completion sends them again.
                (deployment.SourceFinal, deployment.DeploymentsFinal) = (false, false);
                throw;
            }
        }, cancellationToken);
    }

    /// <summary>The state and one-line summary of a completed deployment.</summary>
    public static (CommitState State, string Summary) Summary(DeploymentCompleted d)
    {
        if (d.Error is not null)
        {
            return (CommitState.Failure, $"Failed: {d.Error}");
        }

        var failed = d.Failed + d.TimedOut;
        if (failed > 0)
        {
            var first = d.Failures.Count > 0 ? $": {d.Failures[0].Cluster} {d.Failures[0].Outcome}: {d.Failures[0].Reason}" : "";
            return (CommitState.Failure, $"Failed on {failed} of {d.Total} clusters{first}");
        }

        return d.Total == 0
            ? (CommitState.Success, "Nothing to deploy")
            : (CommitState.Success, $"Deployed to {d.Total} cluster{(d.Total == 1 ? "" : "s")}" + (d.Skipped > 0 ? $" ({d.Skipped} unchanged)" : ""));
    }

    static bool Reported(CommitCause? cause) => cause is not (CommitCause.Startup or CommitCause.Reconcile);

    async Task SendAsync(CommitRef commit, CommitState state, string description, Guid deploymentId, CancellationToken cancellationToken)
    {
        var link = string.IsNullOrWhiteSpace(Settings.TrackerUrl) ? null : new Uri($"{Settings.TrackerUrl.TrimEnd('/')}/api/deployments/{deploymentId}");
        var notification = CommitStatusRequests.For(commit.Target, Settings.Host(commit.Target.Provider), commit.Sha, state,
            redactor.Redact(description.ReplaceLineEndings(" ")), Settings.Context, link, deploymentId);
        if (!await sender.SendAsync(notification, cancellationToken))
        {
            logger.LogWarning("The {State} status of commit {Commit} in {Target} was not set", state, commit.Sha, commit.Target);
        }
    }

    sealed record CommitRef(CommitStatusTarget Target, string Sha);

    /// <summary>What one deployment has set so far; its statuses go one at a time, so a late pending never follows the final state.</summary>
    sealed class DeploymentCommits
    {
        public CommitRef? Source { get; set; }
        public bool SourceFinal { get; set; }
        public bool DeploymentsFinal { get; set; }

        // Never disposed: it is only waited on, and lives as long as the deployment is remembered (as SlackPacing's lanes).
        SemaphoreSlim Gate { get; } = new(1, 1);

        public async Task RunAsync(Func<Task> send, CancellationToken cancellationToken)
        {
            await Gate.WaitAsync(cancellationToken);
            try
            {
                await send();
            }
            finally
            {
                Gate.Release();
            }
        }
    }

    /// <summary>The last 10,000 deployments' commits, in memory: a restarted notifier sets the deployments commit's final status but no longer knows the source commit.</summary>
    sealed class RecentDeployments(int capacity = 10_000)
    {
        readonly Dictionary<Guid, DeploymentCommits> byId = [];
        readonly Queue<Guid> order = new();
        readonly Lock gate = new();

        public DeploymentCommits Get(Guid id)
        {
            lock (gate)
            {
                if (byId.TryGetValue(id, out var found))
                {
                    return found;
                }

                var created = byId[id] = new DeploymentCommits();
                order.Enqueue(id);
                if (order.Count > capacity)
                {
                    byId.Remove(order.Dequeue());
                }

                return created;
            }
        }
    }
}
