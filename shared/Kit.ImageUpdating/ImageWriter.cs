using System.Threading.Channels;
using Kit.Git;

namespace Kit.ImageUpdating;

/// <summary>
/// Writes images into the deployments repository: one loop per instance writes through the process's bare clone, takes every
/// pending image (same committer) into one commit, pushes without force, and on a refused push fetches and
/// re-applies on the new tip with jittered backoff, a bounded number of times. The loop runs as a hosted
/// service: it starts and stops with its host, and what is still queued at the stop is cancelled.
/// </summary>
public sealed class ImageWriter : BackgroundService, IAsyncDisposable
{
    readonly RepositorySettings repository;
    readonly ImageDeployerSettings settings;
    readonly ILogger logger;
    readonly RepositoryMirror clone;
    readonly ImageCommitBuilder builder;
    readonly Channel<PendingImage> queue = Channel.CreateUnbounded<PendingImage>(new UnboundedChannelOptions { SingleReader = true });
    readonly List<PendingImage> backlog = [];

    /// <summary>Writes through <paramref name="clone"/>, the process's copy of the deployments repository (it only adds objects and push refs of its own).</summary>
    /// <remarks><paramref name="sources"/>: the copies of the sources an image may pin (default: kept beside the clone, no credentials).</remarks>
    public ImageWriter(RepositoryMirror clone, ImageDeployerSettings settings, ILogger<ImageWriter> logger, SourceRepositories? sources = null)
    {
        repository = clone.Settings;
        this.settings = settings;
        this.logger = logger;
        this.clone = clone;
        builder = new ImageCommitBuilder(settings, new DeploymentIndex(settings.HistoryDepth), sources ?? new SourceRepositories(clone.Settings.WorkDirectory));
    }

    public ImageWriterMetrics Metrics { get; } = new();

    /// <summary>Runs between making a commit and pushing it: lets a test move the branch at the worst moment.</summary>
    internal Func<CancellationToken, Task>? BeforePush { get; set; }

    /// <summary>Queues the image and waits until it is pushed, skipped or refused (once the writer has started).</summary>
    public async Task<ImageUpdateResult> SubmitAsync(ImageUpdate update, CancellationToken cancellationToken)
    {
        var pending = new PendingImage(update);
        ObjectDisposedException.ThrowIf(!queue.Writer.TryWrite(pending), this);

        return await pending.Completion.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the host's start-up path: the first fetch of the repository can take a while.
        await Task.Yield();
        try
        {
            while (backlog.Count > 0 || await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                if (backlog.Count == 0 && settings.BatchWindowMilliseconds > 0)
                {
                    await Task.Delay(settings.BatchWindowMilliseconds, stoppingToken);
                }

                while (queue.Reader.TryRead(out var next))
                {
                    backlog.Add(next);
                }

                var committer = backlog[0].Committer(settings);
                var batch = backlog.Where(p => p.Committer(settings) == committer).Take(settings.MaxBatch).ToList();
                backlog.RemoveAll(batch.Contains);
                try
                {
                    await WriteAsync(batch, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning("Writing {Count} images to {Repository} failed: {Error}", batch.Count, repository.DisplayUrl, repository.Mask(e.Message));
                    foreach (var pending in batch)
                    {
                        pending.Completion.TrySetException(e);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            while (queue.Reader.TryRead(out var next))
            {
                backlog.Add(next);
            }

            foreach (var pending in backlog)
            {
                pending.Completion.TrySetCanceled(stoppingToken);
            }
        }
    }

    async Task WriteAsync(List<PendingImage> batch, CancellationToken token)
    {
        var policy = settings.PushPolicy;
        ImageCommitBuilder.Built? built = null;
        var writer = new BranchWriter(clone, policy)
        {
            BeforePush = BeforePush,
            Retrying = (_, delay) =>
            {
                Metrics.Retried();
                logger.LogInformation("Push to {Repository} refused (the branch moved); re-applying {Count} images in {Delay} ms", repository.DisplayUrl, batch.Count, (int)delay.TotalMilliseconds);
            },
        };
        var pushed = await writer.WriteAsync((repo, tip) =>
        {
            built = builder.Apply(repo, tip, batch);
            foreach (var (pending, result) in built.Results)
            {
                Report(pending, result);
                pending.Completion.TrySetResult(result);
                batch.Remove(pending);
            }

            return built.CommitSha;
        }, token);
        if (pushed is null || built is null)
        {
            return;
        }

        Metrics.Committed(built.Included.Count);
        logger.LogInformation("Pushed {Commit} with {Count} images to {Repository} {Branch}", pushed[..12], built.Included.Count, repository.DisplayUrl, repository.Branch);
        foreach (var (pending, file) in built.Included)
        {
            pending.Completion.TrySetResult(new ImageUpdateResult(ImageUpdateOutcome.Committed, file)
            {
                CommitSha = pushed,
                ChangedPaths = built.ChangedPaths,
                CommittedAt = built.CommittedAt,
            });
        }
    }

    void Report(PendingImage pending, ImageUpdateResult result)
    {
        var update = pending.Update;
        switch (result.Outcome)
        {
            case ImageUpdateOutcome.Failed:
                logger.LogWarning("Image {Image} for {ImageRepository}/{Branch} not written: {Reason}", update.Image, update.Repository, update.Branch, result.Reason);
                break;
            case ImageUpdateOutcome.Skipped:
                logger.LogInformation("Image {Image} for {ImageRepository}/{Branch} skipped: {Reason}", update.Image, update.Repository, update.Branch, result.Reason);
                break;
            case ImageUpdateOutcome.AlreadyPushed:
                logger.LogInformation("Image {Image} for {ImageRepository}/{Branch} was pushed already in {Commit}", update.Image, update.Repository, update.Branch, result.CommitSha);
                break;
        }
    }

    /// <summary>Takes no more images, then stops the loop as a hosted service stops.</summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>Stops the loop (within 10 s) and releases it, for a writer used without a host.</summary>
    public async ValueTask DisposeAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await StopAsync(limit.Token);
        Dispose();
    }
}
