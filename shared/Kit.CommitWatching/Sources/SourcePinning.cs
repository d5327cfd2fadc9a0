using Kit.Git;
using Kit.Hosting;
using Microsoft.Extensions.Options;

namespace Kit.CommitWatching.Sources;

/// <summary>Source pinning's registrations: a moved source (poll, push webhook) → one pin commit → <c>ManifestsCommitted</c>.</summary>
public static class SourcePinning
{
    /// <summary>
    /// Settings (<c>Kit:Sources</c>), the pinner and its poller. Pin commits are pushed with the image writer's
    /// <c>Kit:ImageDeployer</c> retry, committer and history settings, so one configuration governs every kit commit.
    /// </summary>
    public static IHostApplicationBuilder AddSourcePinning(this IHostApplicationBuilder builder)
    {
        builder.Services.AddKitSettings<RepositorySettings>(RepositorySettings.Section);
        builder.Services.AddKitSettings<CommitWatchingSettings>(CommitWatchingSettings.Section);
        builder.Services.AddRepositoryMirror();
        builder.Services.AddKitSettings<SourcesSettings>(SourcesSettings.Section);
        builder.Services.AddKitSettings<BranchWriterSettings>(BranchWriterSettings.Section);
        builder.Services.AddSourceRepositories();
        builder.Services.AddSingleton(services => new SourcePinner(
            services.GetRequiredService<RepositoryMirror>(),
            services.GetRequiredService<SourceRepositories>(),
            services.GetRequiredService<IOptions<BranchWriterSettings>>().Value,
            services.GetRequiredService<ILogger<SourcePinner>>()));
        builder.Services.AddHostedService<SourcePoller>();
        return builder;
    }

    /// <summary><c>POST /hooks/sources</c>: a service repository's signed push webhook that checks its sources at once.</summary>
    public static IEndpointRouteBuilder MapSourceWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(SourceWebhook.Path, SourceWebhook.HandleAsync);
        return endpoints;
    }
}
