using Kit.Kubernetes.Api;
using Kit.Kubernetes.Deploying;
using Kit.Kubernetes.Kubeconfigs;
using Microsoft.Extensions.DependencyInjection;

namespace Kit.Kubernetes;

/// <summary>The deployer's services, for the deployer host, <c>kit up</c> and <c>kit deploy</c>; settings are bound by the caller.</summary>
public static class DeployerServices
{
    public static IServiceCollection AddClusterDeployer(this IServiceCollection services)
    {
        services.AddSingleton<KubeconfigDirectory>();
        services.AddSingleton<ClusterConnections>();
        services.AddSingleton<ClusterDeployer>();
        return services;
    }
}
