using System.CommandLine;
using Kit.Cli.Hosting;
using Kit.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kit.Cli.Commands;

/// <summary><c>kit up</c>: every service in one process, for a small installation.</summary>
public static class UpCommand
{
    public static Command Create()
    {
        var repo = SharedOptions.Repo();
        var kubeconfigs = SharedOptions.Kubeconfigs();
        var branch = new Option<string?>("--branch") { Description = "The deployments branch (default: $Kit__Repository__Branch, else main)" };
        var poll = new Option<double?>("--poll") { Description = "Seconds between polls of the repository for new commits (default 30)" };
        var rabbitMq = SharedOptions.RabbitMq();
        var tracker = new Option<string?>("--tracker")
        {
            Description = "The tracker's database: a PostgreSQL connection string or Data Source=FILE for SQLite (default: $ConnectionStrings__Tracker, else Data Source=kit-tracker.db)",
        };
        var port = new Option<int>("--port") { Description = "The HTTP port of the health checks, the tracker's API and the git webhook", DefaultValueFactory = _ => 8080 };

        var command = new Command("up", """
            Run every kit service in one process: the in-memory bus unless RabbitMQ is configured, SQLite unless PostgreSQL is.
            Ctrl-C stops it cleanly.
            Example: kit up --repo https://git.example.com/team/deployments.git --kubeconfigs ~/.kube/clusters --poll 10
            """)
        {
            repo, kubeconfigs, branch, poll, rabbitMq, tracker, port,
        };
        command.SetAction((result, cancellationToken) => Handler(new UpRequest(
            result.GetValue(repo),
            result.GetValue(kubeconfigs),
            result.GetValue(branch),
            result.GetValue(poll),
            result.GetValue(rabbitMq),
            result.GetValue(tracker),
            result.GetValue(port)), Console.Error, cancellationToken));
        return command;
    }

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

        await app.StartAsync(cancellationToken);
        error.WriteLine($"kit: up; deploying {request.Repo} to the clusters in {request.Kubeconfigs}; Ctrl-C stops");
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
        app.MapKitHealth();
        return app;
    }
}
