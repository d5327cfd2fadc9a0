using System.Text;
using Kit.Contracts;
using Kit.Git;
using LibGit2Sharp;

namespace Kit.ImageUpdating;

/// <summary>
/// Applies a batch of images to one tip of the branch and makes the commit (not pushed). Each update gets
/// its result here, except the ones in the commit, which wait for the push. An image built from a source
/// (<see cref="ImageUpdate.Source"/>) moves that source's pin in <c>sources.lock.yaml</c> in the same commit, forward only.
/// </summary>
sealed class ImageCommitBuilder(ImageDeployerSettings settings, DeploymentIndex index, SourceRepositories sources)
{
    public sealed record Built(IReadOnlyDictionary<PendingImage, ImageUpdateResult> Results)
    {
        /// <summary>The commit made, or null when nothing needs writing.</summary>
        public string? CommitSha { get; init; }

        public DateTimeOffset CommittedAt { get; init; }

        /// <summary>The updates in the commit, with their files.</summary>
        public IReadOnlyList<(PendingImage Pending, string File)> Included { get; init; } = [];

        public IReadOnlyList<string> ChangedPaths { get; init; } = [];
    }

    public Built Apply(Repository repo, Commit tip, IReadOnlyList<PendingImage> batch)
    {
        index.CatchUp(repo, tip);
        var results = new Dictionary<PendingImage, ImageUpdateResult>();
        KitConfig config;
        try
        {
            config = ReadConfig(tip);
        }
        catch (ImageUpdateException e)
        {
            foreach (var pending in batch)
            {
                results[pending] = ImageUpdateResult.Fail(e);
            }

            return new Built(results);
        }

        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var writers = new Dictionary<string, PendingImage>(StringComparer.Ordinal);
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        SortedDictionary<string, string>? pins = null;
        var pinned = new Dictionary<PendingImage, SourceRevision>();
        foreach (var pending in batch.OrderBy(p => p.Update.BuiltAt ?? DateTimeOffset.MinValue))
        {
            var update = pending.Update;
            if (index.TryGet(update.DeploymentId, out var pushed))
            {
                var commit = repo.Lookup<Commit>(pushed);
                results[pending] = new ImageUpdateResult(ImageUpdateOutcome.AlreadyPushed, TryFile(config, update))
                {
                    CommitSha = pushed,
                    ChangedPaths = CommitChanges.Paths(repo, commit),
                    CommittedAt = commit.Committer.When,
                };
                continue;
            }

            try
            {
                if (!ImageReference.TryParse(update.Image, out var reference, out var error))
                {
                    throw new ImageUpdateException(error);
                }

                var file = RepositoryPaths.ImageFile(config, update.Repository, update.Branch);
                var text = texts.TryGetValue(file, out var edited) ? edited : ReadText(tip, file);
                var state = ImageFile.Read(text, config.ImagesProperty, file);
                var image = reference.ToString();
                if (state.Pinned)
                {
                    results[pending] = ImageUpdateResult.Skip(file, $"{file} is pinned ({ImageFile.PinnedKey}: true); {image} was not written");
                    continue;
                }

                if (state.BuiltAt is { } current && update.BuiltAt is { } built && built < current)
                {
                    results[pending] = ImageUpdateResult.Skip(file, $"{file} holds a newer build ({state.Image}, built {current:O}) than {image} (built {built:O})");
                    continue;
                }

                SourceRevision? pin = null;
                if (update.Source is { } revision)
                {
                    pins ??= ReadPins(tip);
                    if (PinRefusal(config, pins, revision, out pin) is { } refusal)
                    {
                        results[pending] = ImageUpdateResult.Skip(file, refusal);
                        continue;
                    }
                }

                if (state.Image == image && pin is null)
                {
                    results[pending] = ImageUpdateResult.Skip(file, $"{image} is already the image in {file}");
                    continue;
                }

                if (state.Image != image)
                {
                    texts[file] = ImageFile.Write(text, config.ImagesProperty, image, update.BuiltAt, file);
                    changed.Add(file);
                }

                if (writers.TryGetValue(file, out var earlier))
                {
                    results[earlier] = ImageUpdateResult.Skip(file, $"{image}, a newer build, was written to {file} in the same commit");
                }

                writers[file] = pending;
                if (pin is not null)
                {
                    pins![pin.Name] = pin.Commit;
                    pinned[pending] = pin;
                }
            }
            catch (ImageUpdateException e)
            {
                results[pending] = ImageUpdateResult.Fail(e);
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or FormatException or ArgumentException)
            {
                // The file's text is what it is: trying again cannot help, and the rest of the batch must go on.
                results[pending] = ImageUpdateResult.Fail(new ImageUpdateException($"cannot write {update.Image}: {e.Message}"));
            }
        }

        if (writers.Count == 0)
        {
            return new Built(results);
        }

        var tree = TreeDefinition.From(tip.Tree);
        foreach (var file in changed)
        {
            var blob = repo.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(texts[file])));
            tree.Add(file, blob, Mode.NonExecutableFile);
        }

        if (pinned.Count > 0)
        {
            SourcePins.Write(repo, tree, pins!);
            changed.Add(SourcesLock.Path);
        }

        var (name, email) = writers.Values.First().Committer(settings);
        var signature = new Signature(name, email, DateTimeOffset.UtcNow);
        var made = repo.ObjectDatabase.CreateCommit(signature, signature, Message(writers, changed, pinned), repo.ObjectDatabase.CreateTree(tree), [tip], prettifyMessage: false);
        return new Built(results)
        {
            CommitSha = made.Sha,
            CommittedAt = signature.When,
            Included = [.. writers.Select(w => (w.Value, w.Key))],
            ChangedPaths = [.. changed],
        };
    }

    /// <summary>
    /// Why <paramref name="revision"/> is not pinned (null: it may be, and <paramref name="pin"/> is the pin to write, or
    /// null when it is pinned already). A source <c>kit.yaml</c> does not list, a commit that is no full sha or not in the
    /// source fail the image; a commit that does not descend from the pinned one skips it, image and pin together.
    /// </summary>
    string? PinRefusal(KitConfig config, IReadOnlyDictionary<string, string> pins, SourceRevision revision, out SourceRevision? pin)
    {
        pin = null;
        var source = config.Sources.FirstOrDefault(s => s.Name == revision.Name)
            ?? throw new ImageUpdateException(
                $"source '{revision.Name}' is not in {KitConfig.DefaultPath}'s sources ({(config.Sources.Count == 0 ? "it lists none" : "it lists " + string.Join(", ", config.Sources.Select(s => s.Name)))})",
                KitConfig.DefaultPath);
        if (!SourcesLock.IsSha(revision.Commit))
        {
            throw new ImageUpdateException($"the commit of source '{revision.Name}' must be a full 40-character sha, not '{revision.Commit}'");
        }

        var commit = revision.Commit.ToLowerInvariant();
        var current = pins.GetValueOrDefault(source.Name);
        SourceMove move;
        try
        {
            move = sources.Compare(source, current, commit, CancellationToken.None);
        }
        catch (Exception e) when (e is LibGit2SharpException or InvalidOperationException)
        {
            throw new ImageUpdateException($"cannot fetch source '{source.Name}': {sources.For(source).Settings.Mask(e.Message)}");
        }

        switch (move)
        {
            case SourceMove.Missing:
                throw new ImageUpdateException(SourceRepositories.Refusal(move, source, current, commit));
            case SourceMove.NotDescendant:
                return SourceRepositories.Refusal(move, source, current, commit);
            case SourceMove.Forward:
                pin = new SourceRevision { Name = source.Name, Commit = commit };
                break;
        }

        return null;
    }

    static string Message(Dictionary<string, PendingImage> writers, IReadOnlySet<string> changed, Dictionary<PendingImage, SourceRevision> pinned)
    {
        var message = new StringBuilder();
        if (writers.Count == 1)
        {
            var (file, pending) = writers.First();
            var pin = pinned.GetValueOrDefault(pending);
            message.Append(changed.Contains(file) ? $"Set image {pending.Update.Image} in {file}" : $"Keep image {pending.Update.Image} in {file}");
            message.Append(pin is null ? "\n" : $" and pin source {pin.Name} to {pin.Commit[..12]}\n");
            if (!string.IsNullOrWhiteSpace(pending.Update.Message))
            {
                message.Append('\n').Append(pending.Update.Message.Trim().Split('\n')[0].Trim()).Append('\n');
            }
        }
        else
        {
            message.Append($"Set {writers.Count} images\n\n");
            foreach (var (file, pending) in writers.OrderBy(w => w.Key, StringComparer.Ordinal))
            {
                message.Append($"- {file}: {pending.Update.Image}");
                message.Append(pinned.GetValueOrDefault(pending) is { } pin ? $", source {pin.Name} at {pin.Commit[..12]}\n" : "\n");
            }
        }

        message.Append('\n');
        foreach (var (_, pending) in writers.OrderBy(w => w.Key, StringComparer.Ordinal))
        {
            message.Append($"{CommitTrailers.DeploymentId}: {pending.Update.DeploymentId}\n");
            if (!string.IsNullOrWhiteSpace(pending.Update.SourceCommit))
            {
                message.Append($"{CommitTrailers.SourceCommit}: {pending.Update.SourceCommit.Trim()}\n");
            }

            if (pinned.GetValueOrDefault(pending) is { } pin)
            {
                message.Append(SourcePins.Trailers(pin.Name, pin.Commit));
            }
        }

        return message.ToString();
    }

    /// <summary>The tip's <c>sources.lock.yaml</c>; a broken one fails the images that pin a source, naming it.</summary>
    static SortedDictionary<string, string> ReadPins(Commit tip)
    {
        try
        {
            return SourcePins.Read(tip);
        }
        catch (KitConfigException e)
        {
            throw new ImageUpdateException($"{e.File}: {e.Message}", e.File, e.Line);
        }
    }

    /// <summary>The tip's <c>kit.yaml</c> (absent: the defaults); a broken one fails every image of the batch, naming it.</summary>
    static KitConfig ReadConfig(Commit tip)
    {
        try
        {
            return KitConfig.Parse(ReadText(tip, KitConfig.DefaultPath));
        }
        catch (KitConfigException e)
        {
            throw new ImageUpdateException($"{e.File}: {e.Message}", e.File, e.Line);
        }
    }

    /// <summary>The file's text; bytes that are not UTF-8 fail the image (rewriting them as U+FFFD would corrupt the file).</summary>
    static string? ReadText(Commit tip, string path) =>
        StrictUtf8.ReadFile(tip, path, (reason, line) => new ImageUpdateException($"{path}:{line}: {reason}", path, line));

    static string? TryFile(KitConfig config, ImageUpdate update)
    {
        try
        {
            return RepositoryPaths.ImageFile(config, update.Repository, update.Branch);
        }
        catch (ImageUpdateException)
        {
            return null;
        }
    }

}
