using Kit.Git;
using Kit.Rendering.Trees;
using Kit.Rendering.Yaml;
using LibGit2Sharp;

namespace Kit.Rendering.Sources;

/// <summary>
/// Fetches the sources a deployments-repository state lists, each at the commit <c>sources.lock.yaml</c> pins, into
/// its own bare copy (the deployments repository's URL rules, insecure-URL check and credentials from configuration).
/// A source that cannot be fetched, or has no pin, becomes a failure of that source only.
/// </summary>
public static class SourceFetcher
{
    public static async Task<SourceSet> PrepareAsync(IRepositoryTree deployments, string configPath, SourceOptions options, CancellationToken cancellationToken)
    {
        // A broken kit.yaml fails the whole render anyway, and says so there.
        KitConfig config;
        try
        {
            config = KitConfig.Parse(deployments.ReadText(RepositoryPath.Normalize(configPath)), configPath);
        }
        catch (Exception e) when (e is RenderException or KitConfigException)
        {
            return SourceSet.None;
        }

        var unknown = options.LocalCopies.Keys.Where(n => config.Sources.All(s => s.Name != n)).Order(StringComparer.Ordinal).ToList();
        if (config.Sources.Count == 0)
        {
            return new SourceSet([], []) { UnknownLocalCopies = unknown };
        }

        IReadOnlyDictionary<string, string> pins;
        string? pinProblem = null;
        try
        {
            pins = SourcesLock.Parse(deployments.ReadText(SourcesLock.Path));
        }
        catch (Exception e) when (e is RenderException or KitConfigException)
        {
            pins = new Dictionary<string, string>();
            pinProblem = e is KitConfigException k ? $"{k.File}:{k.Line}: {k.Message}" : e.Message;
        }

        var owned = new List<IDisposable>();
        var checkouts = new List<SourceCheckout>();
        foreach (var source in config.Sources)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (options.LocalCopies.TryGetValue(source.Name, out var local))
            {
                checkouts.Add(Local(source, local));
            }
            else if (!pins.TryGetValue(source.Name, out var pin))
            {
                checkouts.Add(new SourceCheckout(source.Name, null, pinProblem is null
                    ? $"source '{source.Name}' has no pin in {SourcesLock.Path}"
                    : $"source '{source.Name}' has no usable pin: {pinProblem}"));
            }
            else
            {
                checkouts.Add(await FetchAsync(source, pin, options, owned, cancellationToken));
            }
        }

        return new SourceSet(checkouts, owned) { UnknownLocalCopies = unknown };
    }

    static SourceCheckout Local(KitSource source, string folder)
    {
        var path = Path.Combine(folder, source.Path.Replace('/', Path.DirectorySeparatorChar));
        try
        {
            return new SourceCheckout(source.Name, new SourceTree(source, new FileSystemTree(path), "", Path.GetFullPath(folder)), null);
        }
        catch (Exception e) when (e is IOException or RenderException)
        {
            return new SourceCheckout(source.Name, null, $"source '{source.Name}': the local copy {path} cannot be read: {e.Message}");
        }
    }

    static async Task<SourceCheckout> FetchAsync(KitSource source, string pin, SourceOptions options, List<IDisposable> owned, CancellationToken cancellationToken)
    {
        var settings = options.Access.For(source, options.WorkDirectory);
        var mirror = new RepositoryMirror(settings);
        try
        {
            await mirror.EnsureCommitAsync(pin, cancellationToken).WaitAsync(options.Timeout, cancellationToken);
            var repository = mirror.Open();
            owned.Add(repository);
            var tree = GitTree.ForCommit(repository, pin);
            owned.Add(tree);
            return new SourceCheckout(source.Name, new SourceTree(source, tree, source.Path, pin), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = e is TimeoutException ? $"fetching took longer than {options.Timeout.TotalSeconds:0.#} s (Kit__Rendering__TimeoutSeconds)" : settings.Mask(e.Message).ReplaceLineEndings(" ");
            return new SourceCheckout(
                source.Name,
                null,
                $"source '{source.Name}' ({settings.DisplayUrl}) cannot be fetched at {pin[..12]}: {reason}",
                KnownResources(mirror, source));
        }
    }

    /// <summary>The resources the source provided at the tip of its branch in the copy kit holds; null when it holds none.</summary>
    static IReadOnlyList<string>? KnownResources(RepositoryMirror mirror, KitSource source)
    {
        try
        {
            if (!Repository.IsValid(mirror.Path))
            {
                return null;
            }

            using var repository = mirror.Open();
            if (repository.Branches[source.Branch]?.Tip is not { } tip)
            {
                return null;
            }

            using var tree = GitTree.ForCommit(repository, tip.Sha);
            var text = tree.ReadText(RepositoryPath.Join(source.Path, KitSource.ResourcesFile));
            return text is null ? null
                : Values.Get(YamlLoader.LoadSingle(text, KitSource.ResourcesFile), "resources") is OrderedDictionary<string, object?> resources ? [.. resources.Keys] : null;
        }
        catch (Exception e) when (e is RenderException or LibGit2SharpException or IOException)
        {
            return null;
        }
    }
}
