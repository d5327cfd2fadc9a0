using System.CommandLine;
using Kit.Contracts;
using Kit.Hosting;
using MassTransit;

namespace Kit.Cli.Commands;

/// <summary><c>kit publish image-built</c>: what CI runs after it pushed an image.</summary>
public static class PublishCommand
{
    static readonly TimeSpan BrokerTimeout = TimeSpan.FromSeconds(6);

    public static Command Create()
    {
        var image = new Option<string?>("--image") { Description = "The full image reference, registry/repo:tag or registry/repo@sha256:…" };
        var registry = new Option<string?>("--registry") { Description = "With --commit-id instead of --image: the registry and path, e.g. registry.example.com/team/auth" };
        var commitId = new Option<string?>("--commit-id") { Description = "With --registry: build kit's tag <branch>-<commit-id>" };
        var branch = new Option<string?>("--branch") { Description = "The source branch [default: $CI_BRANCH, else $GITHUB_REF_NAME]" };
        var repository = new Option<string?>("--repository") { Description = "The image repository key: the folder under images/ [default: the image's last path segment]" };
        var commit = new Option<string?>("--commit") { Description = "The source commit [default: $CI_COMMIT_ID, else $GITHUB_SHA]" };
        var committerName = new Option<string?>("--committer-name") { Description = "The committer's name [default: $CI_COMMITTER_NAME, else $GITHUB_ACTOR]" };
        var committerEmail = new Option<string?>("--committer-email") { Description = "The committer's email [default: $CI_COMMITTER_EMAIL]" };
        var message = new Option<string?>("--message") { Description = "The commit message [default: $CI_COMMIT_MESSAGE]" };
        var sourceName = new Option<string?>("--source-name") { Description = "The kit.yaml source the image was built from: the same commit pins it to --source-commit" };
        var sourceCommit = new Option<string?>("--source-commit") { Description = "With --source-name: the full sha to pin [default: --commit]" };
        var rabbitMq = SharedOptions.RabbitMq();
        var url = new Option<string?>("--url") { Description = "Post to the image-deployer's https://…/api/images instead of the broker, for a CI that cannot reach it" };
        var token = new Option<string?>("--token") { Description = "With --url: the bearer token [default: $Kit__ImageDeployer__ApiToken]" };
        var allowInsecureHttp = new Option<bool>("--allow-insecure-http") { Description = "With --url: allow plain http:// to another machine (the token travels unencrypted)" };

        var imageBuilt = new Command("image-built", """
            Announce a built image: the image-deployer writes it into the deployments repository.
            Example: kit publish image-built --image registry.example.com/team/auth:1.4.2 --branch main --rabbitmq amqp://guest:guest@127.0.0.1:5672/
            Without the broker: kit publish image-built --image … --url https://kit.example.com/api/images --token "$KIT_API_TOKEN"
            """)
        {
            image, registry, commitId, branch, repository, commit, committerName, committerEmail, message, rabbitMq, url, token, allowInsecureHttp, sourceName, sourceCommit,
        };
        imageBuilt.SetAction(async (result, cancellationToken) =>
        {
            var request = new PublishRequest(
                result.GetValue(image),
                result.GetValue(registry),
                result.GetValue(commitId),
                result.GetValue(branch) ?? SharedOptions.FromEnvironment("CI_BRANCH", "GITHUB_REF_NAME"),
                result.GetValue(repository),
                result.GetValue(commit) ?? SharedOptions.FromEnvironment("CI_COMMIT_ID", "GITHUB_SHA"),
                result.GetValue(committerName) ?? SharedOptions.FromEnvironment("CI_COMMITTER_NAME", "GITHUB_ACTOR"),
                result.GetValue(committerEmail) ?? SharedOptions.FromEnvironment("CI_COMMITTER_EMAIL"),
                result.GetValue(message) ?? SharedOptions.FromEnvironment("CI_COMMIT_MESSAGE"),
                result.GetValue(rabbitMq))
            {
                Url = result.GetValue(url),
                Token = result.GetValue(token) ?? SharedOptions.FromEnvironment("Kit__ImageDeployer__ApiToken"),
                AllowInsecureHttp = result.GetValue(allowInsecureHttp),
                SourceName = result.GetValue(sourceName),
                SourceCommit = result.GetValue(sourceCommit),
            };
            return await Handler(request, Console.Out, Console.Error, cancellationToken);
        });

        return new Command("publish", "Publish an event to kit's bus, as CI does.") { imageBuilt };
    }

    /// <summary>Validates the request, publishes <see cref="ImageBuilt"/> (to the broker, or to <c>--url</c>) and prints its deployment id.</summary>
    public static async Task<int> Handler(PublishRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (!request.TryBuild(out var message, out var problem))
        {
            error.WriteLine($"kit: {problem}");
            return ExitCodes.Usage;
        }

        if (!string.IsNullOrWhiteSpace(request.Url))
        {
            problem = PublishOverHttp.Problem(request.Url, request.AllowInsecureHttp)
                ?? (string.IsNullOrWhiteSpace(request.Token) ? "no token: give --token or set Kit__ImageDeployer__ApiToken (the image-deployer's bearer token)" : null);
            if (problem is not null)
            {
                error.WriteLine($"kit: {problem}");
                return ExitCodes.Usage;
            }

            return await PublishOverHttp.SendAsync(message, new Uri(request.Url), request.Token!, output, error, cancellationToken);
        }

        if (string.IsNullOrWhiteSpace(request.RabbitMq) || !KitConnection.TryParse(request.RabbitMq, out var broker, out problem))
        {
            error.WriteLine($"kit: {(string.IsNullOrWhiteSpace(request.RabbitMq) ? "no broker: give --rabbitmq amqp://user:pass@host:5672/vhost or set ConnectionStrings__RabbitMq" : problem)}");
            return ExitCodes.Usage;
        }

        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker, h => h.RequestedConnectionTimeout(BrokerTimeout)));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(BrokerTimeout);
        try
        {
            await bus.StartAsync(timeout.Token);
            await bus.Publish(message, timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or RabbitMqConnectionException or MassTransitException)
        {
            error.WriteLine($"kit: cannot publish to the broker at {KitConnection.Redact(broker)} within {BrokerTimeout.TotalSeconds:0} s: {FirstLine(e)}");
            return ExitCodes.Unreachable;
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await bus.StopAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                // The broker went away; nothing is left to flush.
            }
        }

        output.WriteLine($"published ImageBuilt {message.Image} for {message.Repository}/{message.Branch}: deployment {message.CorrelationId}");
        return ExitCodes.Ok;
    }

    static string FirstLine(Exception e) =>
        e is OperationCanceledException ? "timed out" : (e.InnerException?.Message ?? e.Message).Split('\n')[0].Trim();
}
