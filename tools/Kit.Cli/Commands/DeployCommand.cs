using System.CommandLine;
using Kit.Cli.Output;
using Kit.Contracts;
using Kit.Deploying;
using Kit.Git;
using Kit.Kubernetes.Kubeconfigs;
using Kit.Rendering;
using LibGit2Sharp;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kit.Cli.Commands;

/// <summary>
/// <c>kit deploy</c> and <c>kit diff</c>: render one commit and apply it (or compare it with the clusters)
/// in this process, with no bus: the way an operator deploys when CI or the broker is down. The clusters'
/// inventories keep the usual rules: an older commit than the one deployed is skipped, never applied.
/// </summary>
public static class DeployCommand
{
    public static Command Create() => Build("deploy", """
        Render one commit of the deployments repository and apply it to the clusters from this process, no bus needed.
        Exit code 0 when every cluster deployed (or already ran it), 1 when one failed, 2 for a wrong flag or setting,
        3 when the git server cannot be reached.
        Example: kit deploy --repo ./deployments.git --kubeconfigs ~/.kube/clusters --cluster prod-1 --dry-run
        """, diff: false);

    public static Command CreateDiff() => Build("diff", """
        Show what deploying a commit would change on each cluster (live objects against the rendered ones; Secret values hidden).
        Changes nothing. Exit code 0 when every cluster matches, 1 when something would change or a cluster failed,
        2 for a wrong flag or setting, 3 when the git server cannot be reached.
        Example: kit diff --repo ./deployments.git --kubeconfigs ~/.kube/clusters --ref main
        """, diff: true);

    static Command Build(string name, string description, bool diff)
    {
        var repo = SharedOptions.Repo();
        var kubeconfigs = SharedOptions.Kubeconfigs();
        var branch = new Option<string?>("--branch") { Description = "The deployments branch [default: $Kit__Repository__Branch, else main]" };
        var gitRef = new Option<string?>("--ref") { Description = "The commit (sha, branch or tag) to deploy [default: the branch's tip]" };
        var cluster = new Option<string[]>("--cluster") { Description = "Only these clusters (repeat the option) [default: every cluster the commit renders]", AllowMultipleArgumentsPerToken = true };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "One kubeconfig file for a single cluster, used instead of --kubeconfigs: the cluster --cluster names, else the one the file names (its metadata.name, else its context)" };
        var context = new Option<string?>("--context") { Description = "With --kubeconfig: the context to use [default: the file's current-context]" };
        var sources = SourceFlags.Option();
        var command = new Command(name, description) { repo, kubeconfigs, kubeconfig, context, branch, gitRef, cluster, sources };
        var format = OutputFormat.Option("unchanged objects listed too", "a unified diff");
        var color = new Option<string>("--color") { Description = "Colour the diff: auto (on a terminal, unless NO_COLOR is set), always or never", DefaultValueFactory = _ => "auto" };
        color.AcceptOnlyFromAmong("auto", "always", "never");
        var dryRun = new Option<bool>("--dry-run") { Description = "Server-side dry run: apply with dryRun=All and report what would change" };
        var force = new Option<bool>("--force") { Description = "Deploy even to clusters that already run this exact manifest set" };
        var createOnly = new Option<bool>("--create-only") { Description = "Create missing objects, never change existing ones" };
        var raw = new Option<bool>("--raw") { Description = "Apply exactly as rendered, without kit's labels (nothing applied raw is ever pruned)" };
        var strategy = new Option<string?>("--strategy") { Description = "rolling-update or fast-rollback [default: $Kit__Deployer__Strategy, else rolling-update]" };
        var deployId = new Option<string?>("--deploy-id") { Description = "fast-rollback: the id the workload copies are named after [default: from the commit]" };
        if (!diff)
        {
            command.Add(dryRun);
            command.Add(force);
            command.Add(createOnly);
            command.Add(raw);
            command.Add(strategy);
            command.Add(deployId);
        }
        else
        {
            command.Add(format);
            command.Add(color);
        }

        command.SetAction(async (result, cancellationToken) => await Handler(
            new DeployRequest(
                result.GetValue(repo),
                result.GetValue(kubeconfigs),
                result.GetValue(branch) ?? SharedOptions.FromEnvironment("Kit__Repository__Branch"),
                result.GetValue(gitRef),
                result.GetValue(cluster),
                !diff && result.GetValue(dryRun),
                diff,
                !diff && result.GetValue(force),
                !diff && result.GetValue(createOnly),
                !diff && result.GetValue(raw),
                diff ? null : result.GetValue(strategy),
                diff ? null : result.GetValue(deployId),
                SharedOptions.FromEnvironment("Kit__Repository__WorkDirectory"),
                result.GetValue(sources))
            {
                Kubeconfig = result.GetValue(kubeconfig),
                Context = result.GetValue(context),
                Output = diff ? result.GetValue(format) : null,
                Color = diff && UnifiedDiff.ShouldColor(result.GetValue(color), Console.IsOutputRedirected),
            },
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Renders, deploys or compares, and reports; returns an <see cref="ExitCodes"/> value.</summary>
    public static async Task<int> Handler(DeployRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var name = request.Diff ? "kit diff" : "kit deploy";
        if (string.IsNullOrWhiteSpace(request.Repo) || (string.IsNullOrWhiteSpace(request.Kubeconfigs) && request.Kubeconfig is null))
        {
            error.WriteLine($"{name}: give --repo URL|PATH and --kubeconfigs DIR or --kubeconfig FILE (or set Kit__Repository__Url and Kit__Deployer__Kubeconfigs)");
            return ExitCodes.Usage;
        }

        using var single = request.Kubeconfig is null ? null : new TemporaryFolder();
        if (request.Context is not null && request.Kubeconfig is null)
        {
            error.WriteLine($"{name}: --context needs --kubeconfig FILE");
            return ExitCodes.Usage;
        }

        if (request.Kubeconfig is { } file)
        {
            // One kubeconfig serves one cluster: the one asked for, else the one it names.
            if (request.Clusters is { Count: > 1 })
            {
                error.WriteLine($"{name}: --kubeconfig serves one cluster: give at most one --cluster (or --kubeconfigs DIR for several)");
                return ExitCodes.Usage;
            }

            if (!File.Exists(file))
            {
                error.WriteLine($"{name}: --kubeconfig {file}: no such file");
                return ExitCodes.Usage;
            }

            if (SingleKubeconfig.Prepare(file, request.Context, request.Clusters is [var one] ? one : null, single!.Path, out var unusable) is not { } prepared)
            {
                error.WriteLine($"{name}: {unusable}");
                return ExitCodes.Usage;
            }

            request = request with { Kubeconfigs = prepared.Path, Clusters = [prepared.Cluster] };
        }

        if (request.Strategy is { } strategy && strategy is not ("rolling-update" or "fast-rollback"))
        {
            error.WriteLine($"{name}: --strategy {strategy}: give rolling-update or fast-rollback");
            return ExitCodes.Usage;
        }

        var settings = SharedOptions.Settings<DeployerSettings>(DeployerSettings.Section, s =>
        {
            s.Kubeconfigs = request.Kubeconfigs!;
            s.Strategy = request.Strategy ?? s.Strategy;
        }, out var invalidSetting);
        if (settings is null)
        {
            error.WriteLine($"{name}: {invalidSetting}");
            return ExitCodes.Usage;
        }

        if (SharedOptions.Rendering(out var problem) is not { } rendering)
        {
            error.WriteLine($"{name}: {problem}");
            return ExitCodes.Usage;
        }

        // One command, one moment: kubeconfigs that are not there fail it now (a service waits for them to appear).
        if (!KubeconfigGlob.Exists(request.Kubeconfigs!))
        {
            error.WriteLine($"{name}: --kubeconfigs {request.Kubeconfigs}: no such folder or file");
            return ExitCodes.Usage;
        }

        if (SourceFlags.Parse(request.Sources, out var badSource) is not { } localCopies)
        {
            error.WriteLine($"{name}: {badSource}");
            return ExitCodes.Usage;
        }

        using var work = request.WorkDirectory is null ? new TemporaryFolder() : null;
        var repository = SharedOptions.Repository(request.Repo, request.Branch, request.WorkDirectory ?? work!.Path);
        if (repository.InsecureReason() is { } insecure)
        {
            error.WriteLine($"{name}: {insecure}");
            return ExitCodes.Usage;
        }

        // Only the clusters asked for are rendered: another cluster's slow or broken templates cannot hold them up.
        var wanted = request.Clusters is { Count: > 0 } ? request.Clusters.ToHashSet(StringComparer.Ordinal) : null;
        DeploymentEvents events;
        IReadOnlyList<string> known;
        try
        {
            (events, known) = await RenderAsync(repository, request.Ref, rendering, wanted, localCopies, cancellationToken);
        }
        catch (LibGit2SharpException e) when (GitErrors.IsUnreachable(e))
        {
            error.WriteLine($"{name}: cannot reach the deployments repository {repository.DisplayUrl}: {repository.Mask(e.Message).ReplaceLineEndings(" ")}");
            return ExitCodes.Unreachable;
        }
        catch (Exception e) when (e is LibGit2SharpException or IOException or InvalidOperationException or RenderException)
        {
            error.WriteLine($"{name}: {repository.Mask(e.Message).ReplaceLineEndings(" ")}");
            return ExitCodes.Usage;
        }

        if (events.Planned.Failure is null && wanted?.FirstOrDefault(c => !known.Contains(c)) is { } unknown)
        {
            error.WriteLine($"{name}: commit {events.Planned.CommitSha[..12]} renders no cluster named {unknown} (it renders {string.Join(", ", known)})");
            return ExitCodes.Usage;
        }

        var structured = OutputFormat.IsStructured(request.Output);
        if (!structured)
        {
            output.WriteLine($"{(request.Diff ? "comparing" : request.DryRun ? "dry run of" : "deploying")} commit {events.Planned.CommitSha[..12]} of {repository.DisplayUrl} to {wanted?.Count ?? known.Count} cluster(s)");
        }

        // A repository-wide failure (no cluster) fails every cluster asked for.
        var failedRenders = events.Failed.Where(f => f.Cluster is null || wanted is null || wanted.Contains(f.Cluster)).ToList();
        foreach (var failure in failedRenders.Where(_ => !structured))
        {
            output.WriteLine($"{failure.Cluster ?? "(repository)"}: render failed: {failure.Reason}");
        }

        var results = await DeployAsync(events.Rendered.Where(r => wanted is null || wanted.Contains(r.Cluster)).ToList(), settings, request, cancellationToken);
        var changed = results.Any(r => r.Resources.Any(a => a.Action != "unchanged"));
        if (structured)
        {
            var report = new DiffReport(
                events.Planned.CommitSha,
                repository.DisplayUrl,
                failedRenders.Select(f => new DiffReport.RenderFailure(f.Cluster, f.Reason)).ToList(),
                results.OrderBy(r => r.Cluster, StringComparer.Ordinal).Select(DiffReport.From).ToList());
            StructuredWriter.Write(report, request.Output!, output);
        }

        var diff = new UnifiedDiff(output, request.Color);
        foreach (var result in results.Where(_ => !structured).OrderBy(r => r.Cluster, StringComparer.Ordinal))
        {
            var counts = result.Resources.GroupBy(r => r.Action).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Count()} {g.Key}");
            var outcome = result.Outcome == DeploymentOutcome.Skipped ? $"skipped ({result.SkipReason})"
                : request.Diff && result.Outcome == DeploymentOutcome.Succeeded ? (result.Resources.All(r => r.Action == "unchanged") ? "up to date" : "would change")
                : result.Outcome.ToString().ToLowerInvariant();
            output.WriteLine($"{result.Cluster}: {outcome}{(result.Resources.Count > 0 ? ": " + string.Join(", ", counts) : "")}{(result.Error is null ? "" : " - " + result.Error)}");
            foreach (var resource in result.Resources.Where(r => r.Action != "unchanged" || (request.Diff && request.Output == OutputFormat.Wide)))
            {
                if ((request.Diff || request.DryRun) && resource.Action == "pruned")
                {
                    // kind/namespace/name, the namespace empty for a cluster-scoped object (prune Namespace//team-a).
                    output.WriteLine($"  prune {resource.Kind}/{resource.Namespace}/{resource.Name}");
                    if (request.Diff)
                    {
                        diff.Write(result.Cluster, resource);
                    }
                }
                else if (request.Diff)
                {
                    // The object's line, then its change as a unified diff (-o wide: unchanged objects listed too).
                    output.WriteLine($"  {Marker(resource.Action)} {resource.Kind} {(resource.Namespace is null ? "" : resource.Namespace + "/")}{resource.Name}{(resource.Action == "unchanged" ? " (unchanged)" : "")}");
                    diff.Write(result.Cluster, resource);
                }
                else if (request.DryRun)
                {
                    var display = $"{resource.Kind} {(resource.Namespace is null ? "" : resource.Namespace + "/")}{resource.Name}";
                    output.WriteLine($"  {Marker(resource.Action)} {display}{(resource.Changes.Count == 0 ? "" : ":")}");
                    foreach (var change in resource.Changes)
                    {
                        output.WriteLine($"      {change}");
                    }
                }
            }
        }

        var failed = failedRenders.Count > 0 || results.Any(r => r.Outcome is DeploymentOutcome.Failed or DeploymentOutcome.TimedOut or DeploymentOutcome.RolledBack && !r.AllowFailure);
        return failed || (request.Diff && changed) ? ExitCodes.Failed : ExitCodes.Ok;
    }

    static string Marker(string action) => action switch
    {
        "created" => "+",
        "pruned" => "-",
        "failed" => "!",
        "unchanged" => "=",
        _ => "~",
    };

    static async Task<(DeploymentEvents Events, IReadOnlyList<string> Defined)> RenderAsync(
        RepositorySettings settings, string? gitRef, RenderingSettings rendering, IReadOnlySet<string>? clusters, IReadOnlyDictionary<string, string> localCopies, CancellationToken cancellationToken)
    {
        // The deploymentizer's own entry point, with the clusters asked for and the sources' credentials from the environment.
        var renderer = new CommitRenderer(new RepositoryMirror(settings), TimeProvider.System, Options.Create(rendering), Options.Create(SourcesSettings.FromEnvironment()));
        var options = RenderOptions.From(rendering) with { ClusterNames = clusters, LocalSources = localCopies };
        var events = await renderer.RenderAsync(await renderer.ManualAsync(gitRef, cancellationToken), options, ready: null, cancellationToken);
        return (events, events.DefinedClusters);
    }

    static async Task<IReadOnlyList<ClusterDeployed>> DeployAsync(IReadOnlyList<ManifestsRendered> sets, DeployerSettings settings, DeployRequest request, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Warning))
            .AddSingleton(Options.Create(settings))
            .AddClusterDeployer();
        await using var provider = services.BuildServiceProvider();
        var deployer = provider.GetRequiredService<ClusterDeployer>();
        var modes = new DeployModes { DryRun = request.DryRun, Diff = request.Diff, Force = request.Force, CreateOnly = request.CreateOnly, Raw = request.Raw };
        var results = new System.Collections.Concurrent.ConcurrentBag<ClusterDeployed>();
        await Parallel.ForEachAsync(sets, new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken }, async (set, ct) =>
            results.Add(await deployer.DeployAsync(set with { DeployId = request.DeployId ?? set.DeployId }, modes, ct)));
        return [.. results];
    }
}
