using Kit.Kubernetes;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Kubeconfigs;
using Microsoft.Extensions.Options;

namespace Kit.Deploying;

/// <summary>The deployer's services, for the deployer host, <c>kit up</c> and <c>kit deploy</c>; settings are bound by the caller.</summary>
public static class DeployingServices
{
    public static IServiceCollection AddClusterDeployer(this IServiceCollection services)
    {
        // The API access reads its keys of the same section through the base type.
        services.AddSingleton<IOptions<ClusterAccessSettings>>(sp => sp.GetRequiredService<IOptions<DeployerSettings>>());
        services.AddSingleton<KubeconfigDirectory>();
        services.AddSingleton<ClusterConnections>();
        services.AddSingleton<ClusterDeployer>();
        services.AddSingleton<Reconciling.DesiredStates>();
        return services;
    }
}
