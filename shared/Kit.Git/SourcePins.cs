using System.Text;
using LibGit2Sharp;

namespace Kit.Git;

/// <summary>Reading and writing <c>sources.lock.yaml</c> in a commit of the deployments repository, and finding kit's pin commits.</summary>
public static class SourcePins
{
    /// <summary>The pins at <paramref name="commit"/>, to edit; a broken file throws <see cref="KitConfigException"/> with its line.</summary>
    public static SortedDictionary<string, string> Read(Commit commit) =>
        new(SourcesLock.Parse(Text(commit, SourcesLock.Path)).ToDictionary(), StringComparer.Ordinal);

    /// <summary>The commit's <c>kit.yaml</c> (absent: the defaults); a broken one throws <see cref="KitConfigException"/>.</summary>
    public static KitConfig Config(Commit commit) => KitConfig.Parse(Text(commit, KitConfig.DefaultPath));

    /// <summary>Adds the written pins to <paramref name="tree"/>.</summary>
    public static void Write(Repository repo, TreeDefinition tree, IReadOnlyDictionary<string, string> pins)
    {
        var blob = repo.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(SourcesLock.Write(pins))));
        tree.Add(SourcesLock.Path, blob, Mode.NonExecutableFile);
    }

    /// <summary>
    /// The commit kit last pinned <paramref name="source"/> to (its newest commit with a <c>Kit-Source</c> trailer naming
    /// it, within <paramref name="depth"/> commits), or null. A branch still at that commit has not moved since, so a
    /// person's revert of the pin stands.
    /// </summary>
    public static string? LastPinnedByKit(Repository repo, Commit tip, string source, int depth)
    {
        var filter = new CommitFilter { IncludeReachableFrom = tip, SortBy = CommitSortStrategies.Topological | CommitSortStrategies.Time };
        foreach (var commit in repo.Commits.QueryBy(filter).Take(depth))
        {
            if (CommitTrailers.PinsSource(commit.Message, source))
            {
                return Read(commit).GetValueOrDefault(source);
            }
        }

        return null;
    }

    /// <summary>The trailers of a commit that pins <paramref name="source"/> to <paramref name="commit"/>.</summary>
    public static string Trailers(string source, string commit) =>
        $"{CommitTrailers.Source}: {source}\n{CommitTrailers.SourceCommit}: {commit}\n";

    static string? Text(Commit commit, string path) =>
        StrictUtf8.ReadFile(commit, path, (reason, line) => new KitConfigException(reason, path, line));
}
