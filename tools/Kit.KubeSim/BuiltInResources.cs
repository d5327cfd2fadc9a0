namespace Kit.KubeSim;

/// <summary>The kinds every simulated cluster serves before any CRD is applied.</summary>
static class BuiltInResources
{
    static readonly string[] All = ["all"];

    public static readonly IReadOnlyList<ResourceType> Types =
    [
        new("", "v1", "Namespace", "namespaces", false, ["ns"], HasStatus: true),
        new("", "v1", "ConfigMap", "configmaps", true, ["cm"]),
        new("", "v1", "Secret", "secrets", true, []),
        new("", "v1", "Service", "services", true, ["svc"], HasStatus: true, Categories: All),
        new("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"]),
        new("", "v1", "Pod", "pods", true, ["po"], HasStatus: true, Categories: All),
        new("", "v1", "Event", "events", true, ["ev"]),
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], HasStatus: true),
        new("apps", "v1", "Deployment", "deployments", true, ["deploy"], HasStatus: true, HasGeneration: true, Categories: All),
        new("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], HasStatus: true, HasGeneration: true, Categories: All),
        new("apps", "v1", "StatefulSet", "statefulsets", true, ["sts"], HasStatus: true, HasGeneration: true, Categories: All),
        new("apps", "v1", "DaemonSet", "daemonsets", true, ["ds"], HasStatus: true, HasGeneration: true, Categories: All),
        new("apps", "v1", "ControllerRevision", "controllerrevisions", true, []),
        new("batch", "v1", "Job", "jobs", true, [], HasStatus: true, HasGeneration: true, Categories: All),
        new("batch", "v1", "CronJob", "cronjobs", true, ["cj"], HasStatus: true, HasGeneration: true, Categories: All),
        new("networking.k8s.io", "v1", "Ingress", "ingresses", true, ["ing"], HasStatus: true, HasGeneration: true),
        new("networking.k8s.io", "v1", "NetworkPolicy", "networkpolicies", true, ["netpol"], HasGeneration: true),
        new("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], HasStatus: true, Categories: All),
        new("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", true, ["hpa"], HasStatus: true, Categories: All),
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"], HasStatus: true, HasGeneration: true),
        new("rbac.authorization.k8s.io", "v1", "Role", "roles", true, []),
        new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, []),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, []),
        new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, []),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], HasStatus: true, HasGeneration: true),
    ];

    public static ResourceType Get(string group, string plural) =>
        Types.First(t => t.Group == group && t.Plural == plural);

    public static readonly ResourceType Namespace = Get("", "namespaces");
    public static readonly ResourceType Pod = Get("", "pods");
    public static readonly ResourceType Event = Get("", "events");
    public static readonly ResourceType Deployment = Get("apps", "deployments");
    public static readonly ResourceType ReplicaSet = Get("apps", "replicasets");
    public static readonly ResourceType StatefulSet = Get("apps", "statefulsets");
    public static readonly ResourceType DaemonSet = Get("apps", "daemonsets");
    public static readonly ResourceType ControllerRevision = Get("apps", "controllerrevisions");
    public static readonly ResourceType Job = Get("batch", "jobs");
    public static readonly ResourceType Crd = Get("apiextensions.k8s.io", "customresourcedefinitions");
}
