using System.CommandLine;
using Kit.Git;
using LibGit2Sharp;

namespace Kit.Cli.Commands;

/// <summary>
/// <c>kit rollback</c>: one commit on the deployments branch whose tree is an earlier commit's (whole, or at some paths),
/// pushed the way the image-deployer pushes (never forced; re-made on the new tip when the branch moved). The commit
/// watcher then announces it like any other commit, so it deploys once through the normal pipeline.
/// </summary>
public static class RollbackCommand
{
    public static Command Create()
    {
        var to = new Option<string?>("--to") { Description = "The earlier commit of the branch to roll back to: a sha (or its first characters), or main~N" };
        var repo = SharedOptions.Repo();
        var branch = new Option<string?>("--branch") { Description = "The deployments branch [default: $Kit__Repository__Branch, else main]" };
        var paths = new Option<string[]>("--paths") { Description = "Roll back only these files or folders (repeat or list them) [default: the whole tree]", AllowMultipleArgumentsPerToken = true };
        var command = new Command("rollback", """
            Write one commit on the deployments branch that restores an earlier commit's tree (whole, or only --paths), pushed
            without force; kit's pipeline then deploys it like any other commit. Exit code 0 when the commit was pushed (or the
            branch already has that tree), 1 when the push kept being refused, 2 for a wrong flag, commit or path,
            3 when the git server cannot be reached.
            Example: kit rollback --repo ./deployments.git --to 1a2b3c4d5e6f --paths clusters/prod-1
            """)
        {
            to, repo, branch, paths,
        };
        command.SetAction(async (result, cancellationToken) => await Handler(
            new RollbackRequest(
                result.GetValue(to),
                result.GetValue(repo),
                result.GetValue(branch) ?? SharedOptions.FromEnvironment("Kit__Repository__Branch"),
                result.GetValue(paths),
                SharedOptions.FromEnvironment("Kit__Repository__WorkDirectory")),
            Console.Out,
            Console.Error,
            cancellationToken));
        return command;
    }

    /// <summary>Resolves, writes and pushes the rollback commit, and reports; returns an <see cref="ExitCodes"/> value.</summary>
    public static async Task<int> Handler(RollbackRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken) =>
        await Handler(request, output, error, beforePush: null, cancellationToken);

    /// <summary>As <see cref="Handler(RollbackRequest, TextWriter, TextWriter, CancellationToken)"/>; <paramref name="beforePush"/> runs before each push.</summary>
    internal static async Task<int> Handler(
        RollbackRequest request, TextWriter output, TextWriter error, Func<CancellationToken, Task>? beforePush, CancellationToken cancellationToken)
    {
        const string name = "kit rollback";
        if (string.IsNullOrWhiteSpace(request.To) || string.IsNullOrWhiteSpace(request.Repo))
        {
            error.WriteLine($"{name}: give --to REF and --repo URL|PATH (or set Kit__Repository__Url)");
            return ExitCodes.Usage;
        }

        // The image-deployer's push rules and committer: a rollback reaches the branch the way image commits do.
        var settings = SharedOptions.Settings<BranchWriterSettings>(BranchWriterSettings.Section, null, out var invalidSetting);
        if (settings is null)
        {
            error.WriteLine($"{name}: {invalidSetting}");
            return ExitCodes.Usage;
        }

        using var work = request.WorkDirectory is null ? new TemporaryFolder() : null;
        var repository = SharedOptions.Repository(request.Repo, request.Branch, request.WorkDirectory ?? work!.Path);
        if (repository.InsecureReason() is { } insecure)
        {
            error.WriteLine($"{name}: {insecure}");
            return ExitCodes.Usage;
        }

        var mirror = new RepositoryMirror(repository);
        RollbackTarget target;
        try
        {
            await mirror.FetchAsync(cancellationToken).WaitAsync(settings.GitTimeout, cancellationToken);
            using var repo = mirror.Open();
            target = RollbackTarget.Resolve(repo, request.To, request.Paths ?? []);
        }
        catch (Exception e) when (Unreachable(e, repository) is { } problem)
        {
            error.WriteLine($"{name}: {problem}");
            return ExitCodes.Unreachable;
        }
        catch (Exception e) when (e is RollbackException or LibGit2SharpException or InvalidOperationException or IOException)
        {
            // A wrong repository, branch, commit or path.
            error.WriteLine($"{name}: {repository.Mask(e.Message).ReplaceLineEndings(" ")}");
            return ExitCodes.Usage;
        }

        var policy = settings.PushPolicy;
        var retries = 0;
        var writer = new BranchWriter(mirror, policy) { BeforePush = beforePush, Retrying = (_, _) => retries++ };
        var signature = new Signature(
            SharedOptions.FromEnvironment("GIT_AUTHOR_NAME") ?? settings.CommitterName,
            SharedOptions.FromEnvironment("GIT_AUTHOR_EMAIL") ?? settings.CommitterEmail,
            DateTimeOffset.UtcNow);
        string? previousTip = null;
        string? pushed;
        try
        {
            // Made afresh on every tip the branch has when it is pushed: what others pushed meanwhile is kept (or, for a
            // whole rollback, replaced by the target's tree as asked).
            pushed = await writer.WriteAsync((repo, tip) =>
            {
                previousTip = tip.Sha;
                return RollbackCommit.Make(repo, tip, target, signature);
            }, cancellationToken);
        }
        catch (RollbackException e)
        {
            error.WriteLine($"{name}: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (Unreachable(e, repository) is { } problem)
        {
            error.WriteLine($"{name}: {problem}");
            return ExitCodes.Unreachable;
        }
        catch (Exception e) when (e is LibGit2SharpException or InvalidOperationException or IOException)
        {
            // The push was refused: the branch kept moving, or the server does not let kit push.
            error.WriteLine($"{name}: {repository.Mask(e.Message).ReplaceLineEndings(" ")}");
            return ExitCodes.Failed;
        }

        if (pushed is null)
        {
            output.WriteLine($"{repository.Branch} of {repository.DisplayUrl} already has the tree of {RollbackCommit.Describe(target)}{PathsNote(target)}: nothing to roll back, no commit written");
            return ExitCodes.Ok;
        }

        output.WriteLine($"rolled back {repository.Branch} of {repository.DisplayUrl} to {RollbackCommit.Describe(target)}{PathsNote(target)}");
        output.WriteLine($"commit {pushed} (previous tip {previousTip}){(retries > 0 ? $", re-made {retries} time(s) because the branch moved" : "")}");
        output.WriteLine("kit's commit watcher deploys it at its next poll or webhook");
        return ExitCodes.Ok;
    }

    static string? Unreachable(Exception e, RepositorySettings repository) => e switch
    {
        LibGit2SharpException when GitErrors.IsUnreachable(e) =>
            $"cannot reach the deployments repository {repository.DisplayUrl}: {repository.Mask(e.Message).ReplaceLineEndings(" ")}",
        TimeoutException => $"{repository.DisplayUrl} did not answer in time: {e.Message}",
        _ => null,
    };

    static string PathsNote(RollbackTarget target) => target.Paths.Count == 0 ? "" : $" at {string.Join(", ", target.Paths)}";
}
