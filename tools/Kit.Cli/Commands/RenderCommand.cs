using System.CommandLine;
using System.Diagnostics;
using Kit.Cli.Output;
using Kit.Git;
using Kit.Rendering;
using Kit.Rendering.Sources;
using Kit.Rendering.Trees;
using LibGit2Sharp;

namespace Kit.Cli.Commands;

/// <summary><c>kit render</c>: renders a deployments repository locally, as the deploymentizer would.</summary>
public static class RenderCommand
{
    public static Command Create()
    {
        var repo = SharedOptions.Repo();
        var gitRef = new Option<string?>("--ref") { Description = "Render this commit, branch or tag from the git objects [default: the folder as it is on disk]" };
        var conf = new Option<string?>("--conf") { Description = "The kit configuration file, relative to the repository [default: kit.yaml]" };
        var output = new Option<string?>("--out") { Description = "Write <out>/<cluster>/<file>.yaml and <out>/<cluster>/namespaces/<file>.yaml [default: print the manifests]" };
        var cluster = new Option<string?>("--cluster") { Description = "Only this cluster (its metadata.name)" };
        var clusterType = new Option<string?>("--cluster-type") { Description = "Only clusters of this type" };
        var resource = new Option<string?>("--resource") { Description = "Only this resource" };
        var deployId = new Option<string?>("--deploy-id") { Description = "kit's deploy id: templates see deployment.id" };
        var fastRollback = new Option<bool>("--fast-rollback") { Description = "With --deploy-id: templates see deployment.fastRollback = true" };
        var clean = new Option<bool>("--clean") { Description = "Empty the output folder first" };
        var list = new Option<bool>("--list") { Description = "List the clusters the repository defines (with --cluster and --cluster-type: those), rendering nothing" };
        var format = OutputFormat.Option("more columns", "a table");
        var sources = SourceFlags.Option();

        var command = new Command("render", """
            Render every cluster's manifests from a deployments repository. Errors print as path:line: message;
            the exit code is 0 only when nothing failed.
            Example: kit render --repo ./deployments --out ./generated --clean
            """)
        {
            repo, gitRef, conf, output, cluster, clusterType, resource, deployId, fastRollback, clean, list, format, sources,
        };
        command.SetAction(async (result, cancellationToken) => await Handler(
            new RenderRequest(
                result.GetValue(repo),
                result.GetValue(gitRef),
                result.GetValue(conf),
                result.GetValue(output),
                result.GetValue(cluster),
                result.GetValue(clusterType),
                result.GetValue(resource),
                result.GetValue(deployId),
                result.GetValue(fastRollback),
                result.GetValue(clean),
                SharedOptions.FromEnvironment("Kit__Repository__WorkDirectory"),
                result.GetValue(sources))
            {
                List = result.GetValue(list),
                Output = result.GetValue(format),
            },
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Renders, writes or prints, and reports; returns an <see cref="ExitCodes"/> value.</summary>
    public static async Task<int> Handler(RenderRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Repo))
        {
            error.WriteLine("kit: no repository: give --repo PATH|URL or set Kit__Repository__Url");
            return ExitCodes.Usage;
        }

        if (request.FastRollback && string.IsNullOrWhiteSpace(request.DeployId))
        {
            error.WriteLine("kit: --fast-rollback needs --deploy-id");
            return ExitCodes.Usage;
        }

        if (request.Output is not null && !request.List)
        {
            error.WriteLine("kit: -o needs --list (the manifests themselves are YAML already)");
            return ExitCodes.Usage;
        }

        if (OutputOverlapsRepository(request) is { } overlap)
        {
            error.WriteLine($"kit: {overlap}");
            return ExitCodes.Usage;
        }

        if (SharedOptions.Rendering(out var invalidSetting) is not { } rendering)
        {
            error.WriteLine($"kit: {invalidSetting}");
            return ExitCodes.Usage;
        }

        if (SourceFlags.Parse(request.Sources, out var badSource) is not { } localCopies)
        {
            error.WriteLine($"kit: {badSource}");
            return ExitCodes.Usage;
        }

        var clock = Stopwatch.StartNew();
        IRepositoryTree tree;
        try
        {
            tree = await OpenAsync(request, cancellationToken);
        }
        catch (LibGit2SharpException e) when (GitErrors.IsUnreachable(e))
        {
            error.WriteLine($"kit: cannot reach the deployments repository {GitUrls.Mask(request.Repo)}: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Unreachable;
        }
        catch (InsecureRepositoryException e)
        {
            error.WriteLine($"kit: {e.Message.ReplaceLineEndings(" ")}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is RenderException or LibGit2SharpException or IOException or InvalidOperationException)
        {
            error.WriteLine($"kit: {GitUrls.Mask(e.Message, SharedOptions.FromEnvironment("Kit__Repository__Password"))}");
            return ExitCodes.Usage;
        }

        using var disposable = tree as IDisposable;
        if (request.List)
        {
            return RenderList.Write(tree, request, output, error);
        }

        var options = RenderOptions.From(rendering) with
        {
            ConfigPath = request.Conf ?? KitConfig.DefaultPath,
            ClusterName = request.Cluster,
            ClusterType = request.ClusterType,
            Resource = request.Resource,
            DeployId = request.DeployId,
            FastRollback = request.FastRollback,

            // Each cluster is written as soon as it renders, and creating files waits on the disk at times:
            // twice as many workers as cores keep the cores busy meanwhile.
            MaxDegreeOfParallelism = request.Out is null ? Environment.ProcessorCount : 2 * Environment.ProcessorCount,
        };

        // The sources are fetched at their pins (or read from --source working copies) before anything renders.
        using var work = request.WorkDirectory is null ? new TemporaryFolder() : null;
        using var fetched = await SourceFetcher.PrepareAsync(
            tree,
            options.ConfigPath,
            new SourceOptions { Access = SourcesSettings.FromEnvironment(), WorkDirectory = request.WorkDirectory ?? work!.Path, LocalCopies = localCopies, Timeout = options.Timeout },
            cancellationToken);
        if (fetched.UnknownLocalCopies.Count > 0)
        {
            error.WriteLine($"kit: --source {fetched.UnknownLocalCopies[0]}: kit.yaml lists no source of that name");
            return ExitCodes.Usage;
        }

        options = options with { Sources = fetched };
        RenderResult result;
        int files;
        try
        {
            var writer = request.Out is null ? null : new ManifestWriter(request.Out, request.Clean);
            result = KitRenderer.Render(tree, options, writer is null ? null : writer.Write);
            files = writer?.Files ?? Print(result, output);
        }
        catch (Exception e) when (Unwrap(e) is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"kit: cannot write the manifests to {request.Out}: {Unwrap(e).Message}");
            return ExitCodes.Failed;
        }

        if (request.Cluster is { } wanted && result.Errors.Count == 0 && result.Clusters.Count == 0 && UnknownCluster(tree, options.ConfigPath, wanted) is { } unknown)
        {
            error.WriteLine($"kit: --cluster {wanted}: {unknown}");
            return ExitCodes.Usage;
        }

        foreach (var warning in result.AllWarnings)
        {
            error.WriteLine($"warning: {warning}");
        }

        var errors = result.AllErrors.ToList();
        foreach (var problem in errors)
        {
            error.WriteLine(problem);
        }

        var rendered = result.Clusters.Count(c => c.Succeeded);
        var summary = $"rendered {rendered} cluster{(rendered == 1 ? "" : "s")}, {files} file{(files == 1 ? "" : "s")} in {clock.Elapsed.TotalSeconds:0.00} s"
            + (errors.Count > 0 ? $"; {errors.Count} error{(errors.Count == 1 ? "" : "s")} in {result.Clusters.Count(c => !c.Succeeded) + (result.Errors.Count > 0 ? 1 : 0)} place(s)" : "");
        (request.Out is null ? error : output).WriteLine(summary);
        return errors.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
    }

    /// <summary>Why no cluster is named <paramref name="name"/> (with the names there are), or null when one is (disabled or of another type).</summary>
    static string? UnknownCluster(IRepositoryTree tree, string configPath, string name)
    {
        var repository = KitRepository.Load(tree, configPath);
        var names = repository.Clusters.Select(c => c.Name).Concat(repository.ClusterErrors.Select(e => e.Cluster).OfType<string>())
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (names.Contains(name, StringComparer.Ordinal))
        {
            return null;
        }

        const int Shown = 10;
        var listed = names.Count == 0 ? "it defines none" : "it has " + string.Join(", ", names.Take(Shown)) + (names.Count > Shown ? $" and {names.Count - Shown} more" : "");
        return $"the repository defines no cluster named {name} ({listed})";
    }

    /// <summary>
    /// Why --out may not be used: it is the repository, lies inside it or holds it (links and relative paths
    /// resolved). kit writes and cleans --out, and must never touch the repository it reads.
    /// </summary>
    static string? OutputOverlapsRepository(RenderRequest request)
    {
        if (request.Out is null || request.Repo!.Contains("://", StringComparison.Ordinal))
        {
            return null;
        }

        var output = RealPath.Of(request.Out);
        var repository = RealPath.Of(request.Repo);
        var relation = output == repository ? "is the repository"
            : RealPath.IsInside(output, repository) ? "is inside the repository"
            : RealPath.IsInside(repository, output) ? "holds the repository"
            : null;
        return relation is null ? null : $"--out {output} {relation} --repo {repository}: choose an output folder outside it";
    }

    static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: > 0 } many ? many.InnerExceptions[0] : e;

    static int Print(RenderResult result, TextWriter output)
    {
        var files = 0;
        foreach (var cluster in result.Clusters.Where(c => c.Succeeded).OrderBy(c => c.Cluster, StringComparer.Ordinal))
        {
            // kit's namespace files first, as the deployer creates them before the manifests, named as --out writes them.
            foreach (var file in cluster.Namespaces.Select(f => f with { FileName = ClusterManifests.NamespacesFolder + "/" + f.FileName }).Concat(cluster.Files))
            {
                output.WriteLine($"# {cluster.Cluster}/{file.FileName}");
                output.WriteLine("---");
                output.Write(file.Content.EndsWith('\n') ? file.Content : file.Content + "\n");
                files++;
            }
        }

        return files;
    }

    static async Task<IRepositoryTree> OpenAsync(RenderRequest request, CancellationToken cancellationToken)
    {
        var repo = request.Repo!;
        if (repo.Contains("://", StringComparison.Ordinal))
        {
            // A sha is looked up after fetching the configured branch; a name is the branch to fetch.
            var sha = request.Ref is not null && IsSha(request.Ref) ? request.Ref : null;
            var mirror = new RepositoryMirror(new RepositorySettings
            {
                Url = repo,
                Branch = (sha is null ? request.Ref : null) ?? SharedOptions.FromEnvironment("Kit__Repository__Branch") ?? "main",
                Username = SharedOptions.FromEnvironment("Kit__Repository__Username"),
                Password = SharedOptions.FromEnvironment("Kit__Repository__Password"),
                AllowInsecureHttp = SharedOptions.FlagFromEnvironment("Kit__Repository__AllowInsecureHttp"),
                WorkDirectory = request.WorkDirectory,
            });
            var tip = await mirror.FetchAsync(cancellationToken);
            var repository = mirror.Open();
            return OwnedGitTree(repository, sha ?? tip);
        }

        if (!Directory.Exists(repo))
        {
            throw new IOException($"the repository folder '{repo}' does not exist");
        }

        if (request.Ref is null)
        {
            // A bare repository holds no files to read: what it holds is its branch's tip.
            return IsBare(repo)
                ? GitTree.Open(Path.GetFullPath(repo), SharedOptions.FromEnvironment("Kit__Repository__Branch") ?? "main")
                : new FileSystemTree(repo);
        }

        var path = Repository.Discover(Path.GetFullPath(repo))
            ?? throw new InvalidOperationException($"'{repo}' is not a git repository (--ref needs one)");
        return GitTree.Open(path, request.Ref);
    }

    static IRepositoryTree OwnedGitTree(Repository repository, string committish)
    {
        try
        {
            return new OwningTree(repository, GitTree.ForCommit(repository, committish));
        }
        catch
        {
            repository.Dispose();
            throw;
        }
    }

    static bool IsBare(string path)
    {
        if (!Repository.IsValid(path))
        {
            return false;
        }

        using var repository = new Repository(path);
        return repository.Info.IsBare;
    }

    static bool IsSha(string value) => value.Length is >= 7 and <= 40 && value.All(char.IsAsciiHexDigit);

    /// <summary>A git tree that also closes the mirror's repository it reads from.</summary>
    sealed class OwningTree(Repository repository, GitTree tree) : IRepositoryTree, IDisposable
    {
        public string Description => tree.Description;

        public string? ReadText(string path) => tree.ReadText(path);

        public IReadOnlyList<string> Folders(string path) => tree.Folders(path);

        public IReadOnlyList<string> Files(string path) => tree.Files(path);

        public void Dispose()
        {
            tree.Dispose();
            repository.Dispose();
        }
    }
}
