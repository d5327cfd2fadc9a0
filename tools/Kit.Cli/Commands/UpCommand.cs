using System.CommandLine;
using Kit.Cli.Hosting;
using Kit.Git;
using Kit.Hosting;
using LibGit2Sharp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kit.Cli.Commands;

/// <summary><c>kit up</c>: every service in one process, for a small installation.</summary>
public static class UpCommand
{
    public static Command Create()
    {
        var repo = SharedOptions.Repo();
        var kubeconfigs = SharedOptions.Kubeconfigs();
        var branch = new Option<string?>("--branch") { Description = "The deployments branch [default: $Kit__Repository__Branch, else main]" };
        var poll = new Option<double?>("--poll")
        {
            Description = $"Seconds between polls of the repository for new commits, 0 to {MaxPollSeconds}, 0 for the webhook only [default: 30]",
            CustomParser = ParsePoll,
        };
        var reconcile = new Option<int?>("--reconcile")
        {
            Description = "Seconds between two reconciles of every cluster with git (drift reported and, with Kit__Deployer__SelfHeal, corrected), 0 to 86400, 0 for on events only [default: $Kit__Deployer__ReconcileSeconds, else 300]",
        };
        var rabbitMq = SharedOptions.RabbitMq();
        var tracker = new Option<string?>("--tracker")
        {
            Description = "The tracker's database: a PostgreSQL connection string or Data Source=FILE for SQLite [default: $ConnectionStrings__Tracker, else Data Source=kit-tracker.db]",
        };
        var port = new Option<int>("--port")
        {
            Description = "The HTTP port of the health checks, the tracker's API and the git webhook",
            DefaultValueFactory = _ => DefaultPort,
            CustomParser = ParsePort,
        };

        var command = new Command("up", """
            Run every kit service in one process: the in-memory bus unless RabbitMQ is configured, SQLite unless PostgreSQL is.
            Ctrl-C stops it cleanly (exit code 0). Exit code 2 for a wrong flag or setting or a port in use,
            3 when the git server or the broker cannot be reached at start.
            Example: kit up --repo https://git.example.com/team/deployments.git --kubeconfigs ~/.kube/clusters --poll 10
            """)
        {
            repo, kubeconfigs, branch, poll, reconcile, rabbitMq, tracker, port,
        };
        command.SetAction((result, cancellationToken) => Handler(new UpRequest(
            result.GetValue(repo),
            result.GetValue(kubeconfigs),
            result.GetValue(branch),
            result.GetValue(poll),
            result.GetValue(rabbitMq),
            result.GetValue(tracker),
            result.GetValue(port),
            result.GetValue(reconcile)), Console.Error, cancellationToken));
        return command;
    }

    /// <summary>The largest <c>--poll</c>, as <c>Kit__ImageDeployer__PollSeconds</c> allows.</summary>
    public const int MaxPollSeconds = 86_400;

    const int DefaultPort = 8080;

    /// <summary>Runs until shut down; <paramref name="addressFile"/> (default <see cref="UpAddress.DefaultFile"/>) records where it serves, for <c>kit status</c>.</summary>
    public static async Task<int> Handler(UpRequest request, TextWriter error, CancellationToken cancellationToken, string? addressFile = null)
    {
        if (string.IsNullOrWhiteSpace(request.Repo) || string.IsNullOrWhiteSpace(request.Kubeconfigs))
        {
            error.WriteLine("kit: give --repo URL|PATH and --kubeconfigs DIR (or set Kit__Repository__Url and Kit__Deployer__Kubeconfigs)");
            return ExitCodes.Usage;
        }

        await using var app = Build(request);
        if (!KitApplication.TryValidate(app.Services, out var problem))
        {
            error.WriteLine($"kit: {problem}");
            return ExitCodes.Usage;
        }

        var repository = app.Services.GetRequiredService<IOptions<RepositorySettings>>().Value;
        try
        {
            await app.Services.GetRequiredService<RepositoryMirror>().FetchAsync(cancellationToken);
        }
        catch (LibGit2SharpException e)
        {
            // An unreachable server or a wrong URL now is one line; a repository that fails later is retried by the watcher.
            var unreachable = GitErrors.IsUnreachable(e);
            error.WriteLine($"kit: {(unreachable ? "cannot reach" : "cannot read")} the deployments repository {repository.DisplayUrl}: {repository.Mask(e.Message).ReplaceLineEndings(" ")}");
            return unreachable ? ExitCodes.Unreachable : ExitCodes.Usage;
        }
        catch (InvalidOperationException)
        {
            // The branch does not exist yet: the first image commit creates it.
        }

        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception e) when (KitApplication.AddressInUse(e) is not null || e is MassTransit.RabbitMqConnectionException)
        {
            // What did start (the bus, the timers) stops cleanly, so its end adds no error of its own.
            await app.StopAsync(CancellationToken.None);
            if (e is MassTransit.RabbitMqConnectionException)
            {
                error.WriteLine($"kit: {KitApplication.BrokerUnreachable(app.Configuration, e)}");
                return ExitCodes.Unreachable;
            }

            error.WriteLine($"kit: port {request.Port} on 127.0.0.1 is in use: give --port another port");
            return ExitCodes.Usage;
        }

        error.WriteLine($"kit: up; deploying {GitUrls.Mask(request.Repo)} to the clusters in {request.Kubeconfigs}; Ctrl-C stops");
        addressFile ??= UpAddress.DefaultFile;
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? $"http://127.0.0.1:{request.Port}";
        if (UpAddress.TryWrite(addressFile, url))
        {
            error.WriteLine($"kit: the tracker's API is at {url}/api; kit status finds it there (recorded in {addressFile})");
        }

        try
        {
            await app.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            UpAddress.Remove(addressFile, url);
        }

        // In-flight messages finish or go back to the broker; git and the tracker commit whole units only.
        await app.StopAsync(CancellationToken.None);
        return ExitCodes.Ok;
    }

    static double? ParsePoll(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && seconds is >= 0 and <= MaxPollSeconds)
        {
            return seconds;
        }

        result.AddError($"--poll must be a number of seconds from 0 to {MaxPollSeconds}, not '{text}'");
        return null;
    }

    static int ParsePort(System.CommandLine.Parsing.ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return DefaultPort;
        }

        var text = result.Tokens.Count == 0 ? "" : result.Tokens[0].Value;
        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65_535)
        {
            return port;
        }

        result.AddError($"--port must be a TCP port from 1 to 65535, not '{text}'");
        return 0;
    }

    /// <summary>The one-process host with the request's settings over the environment's.</summary>
    public static WebApplication Build(
        UpRequest request,
        Action<MassTransit.IBusRegistrationConfigurator>? consumers = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(request.Settings());
        builder.WebHost.UseUrls($"http://127.0.0.1:{request.Port}");
        builder.AddKitDefaults("kit");
        configure?.Invoke(builder);
        builder.AddAllKitServices(consumers);
        var app = builder.Build();
        app.MapAllKitEndpoints();
        return app;
    }
}
