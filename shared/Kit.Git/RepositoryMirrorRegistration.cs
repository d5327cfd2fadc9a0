using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Kit.Git;

/// <summary>
/// One bare copy of the deployments repository per process: the image writer, the commit watcher and the renderer
/// share it (each opens its own <c>Repository</c> on it; fetches are serialised), so <c>kit up</c> fetches once, not three times.
/// </summary>
public static class RepositoryMirrorRegistration
{
    /// <summary>Registers the process's <see cref="RepositoryMirror"/> of <c>Kit:Repository</c>, once however often called.</summary>
    public static IServiceCollection AddRepositoryMirror(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new RepositoryMirror(sp.GetRequiredService<IOptions<RepositorySettings>>().Value));
        return services;
    }

    /// <summary>Registers the process's <see cref="SourceRepositories"/> (kept beside the mirror, credentials from <c>Kit:Sources</c>), once.</summary>
    public static IServiceCollection AddSourceRepositories(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new SourceRepositories(
            sp.GetRequiredService<IOptions<RepositorySettings>>().Value.WorkDirectory, sp.GetRequiredService<IConfiguration>()));
        return services;
    }
}
