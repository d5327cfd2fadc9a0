using Kit.CommitWatching.Consumers;
using Kit.Git;
using Kit.Hosting;
using MassTransit;

namespace Kit.CommitWatching;

/// <summary>Commit watching's registrations (start-up, poll, webhook and <c>ReconcileRequested</c> → <c>ManifestsCommitted</c>), for the image-deployer host and <c>kit up</c>.</summary>
public static class CommitWatchingRegistration
{
    /// <summary>Settings, the watcher and its poller.</summary>
    public static IHostApplicationBuilder AddCommitWatching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKitSettings<RepositorySettings>(RepositorySettings.Section);
        builder.Services.AddKitSettings<CommitWatchingSettings>(CommitWatchingSettings.Section);
        builder.Services.AddRepositoryMirror();
        builder.Services.AddSingleton<RepositoryWatcher>();
        builder.Services.AddHostedService<RepositoryPoller>();
        return builder;
    }

    /// <summary>The <c>ReconcileRequested</c> consumer (queue <c>reconcile-requested</c>).</summary>
    public static IBusRegistrationConfigurator AddCommitWatchingConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ReconcileRequestedConsumer, ReconcileRequestedConsumerDefinition>();
        return bus;
    }

    /// <summary><c>POST /hooks/git</c>: a signed push webhook that checks the branch at once.</summary>
    public static IEndpointRouteBuilder MapGitWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(GitWebhook.Path, GitWebhook.HandleAsync);
        return endpoints;
    }
}
