using System.Diagnostics.CodeAnalysis;

namespace Kit.Kubernetes.Api;

/// <summary>
/// Kinds that every Kubernetes version kit supports (1.23 and later) serves at the same place: resolved
/// without a discovery request. A first deployment to a cluster made one per API group otherwise (three of
/// its 28 requests in deploy-fanout). Every other kind, custom resources included, is discovered.
/// </summary>
public static class WellKnownResources
{
    static readonly Dictionary<(string ApiVersion, string Kind), ApiResource> Known = new ApiResource[]
    {
        new("v1", "Namespace", "namespaces", false),
        new("v1", "ConfigMap", "configmaps", true),
        new("v1", "Secret", "secrets", true),
        new("v1", "Service", "services", true),
        new("v1", "ServiceAccount", "serviceaccounts", true),
        new("v1", "Pod", "pods", true),
        new("v1", "PersistentVolumeClaim", "persistentvolumeclaims", true),
        new("apps/v1", "Deployment", "deployments", true),
        new("apps/v1", "ReplicaSet", "replicasets", true),
        new("apps/v1", "StatefulSet", "statefulsets", true),
        new("apps/v1", "DaemonSet", "daemonsets", true),
        new("batch/v1", "Job", "jobs", true),
        new("batch/v1", "CronJob", "cronjobs", true),
        new("networking.k8s.io/v1", "Ingress", "ingresses", true),
        new("networking.k8s.io/v1", "NetworkPolicy", "networkpolicies", true),
        new("autoscaling/v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
        new("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true),
        new("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", true),
        new("rbac.authorization.k8s.io/v1", "Role", "roles", true),
        new("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", true),
        new("rbac.authorization.k8s.io/v1", "ClusterRole", "clusterroles", false),
        new("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "clusterrolebindings", false),
        new("apiextensions.k8s.io/v1", "CustomResourceDefinition", "customresourcedefinitions", false),
    }.ToDictionary(r => (r.ApiVersion, r.Kind));

    public static bool TryGet(string apiVersion, string kind, [NotNullWhen(true)] out ApiResource? resource) =>
        Known.TryGetValue((apiVersion, kind), out resource);
}
