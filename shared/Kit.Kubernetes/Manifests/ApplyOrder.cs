namespace Kit.Kubernetes.Manifests;

/// <summary>
/// The order kit applies a set in: what others need first (namespaces, CRDs, RBAC, configuration,
/// services), then workloads, jobs and the rest; an object with kit's dependency-selector annotation
/// comes after the objects of the set it selects.
/// </summary>
public static class ApplyOrder
{
    public const string DependencySelectorAnnotation = "kit-deployer/dependency-selector";

    public static readonly IReadOnlySet<string> Workloads = new HashSet<string> { "Deployment", "StatefulSet", "DaemonSet", "Job" };

    public static int Rank(string kind) => kind switch
    {
        "Namespace" => 0,
        "CustomResourceDefinition" => 1,
        "ServiceAccount" or "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding" or "PriorityClass" or "StorageClass" or "LimitRange" or "ResourceQuota" => 2,
        "ConfigMap" => 3,
        "Secret" or "PersistentVolume" or "PersistentVolumeClaim" => 4,
        "Service" => 5,
        "Deployment" or "StatefulSet" or "DaemonSet" or "ReplicaSet" or "Pod" => 6,
        "Job" or "CronJob" => 7,
        _ => 8,
    };

    /// <summary>The objects in apply order (stable: equal ranks keep the rendered order).</summary>
    public static IReadOnlyList<ManifestObject> Sort(IReadOnlyList<ManifestObject> objects)
    {
        var dependencies = new List<int>[objects.Count];
        var dependents = new List<int>[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            dependencies[i] = [];
            dependents[i] = [];
        }

        for (var i = 0; i < objects.Count; i++)
        {
            if (objects[i].Annotation(DependencySelectorAnnotation) is not { } text)
            {
                continue;
            }

            var selector = LabelSelector.Parse(text);
            for (var j = 0; j < objects.Count; j++)
            {
                if (j != i && selector.Matches(objects[j].Labels))
                {
                    dependencies[i].Add(j);
                    dependents[j].Add(i);
                }
            }
        }

        var waiting = dependencies.Select(d => d.Count).ToArray();
        var ready = new PriorityQueue<int, (int, int)>();
        for (var i = 0; i < objects.Count; i++)
        {
            if (waiting[i] == 0)
            {
                ready.Enqueue(i, (Rank(objects[i].Kind), i));
            }
        }

        var result = new List<ManifestObject>(objects.Count);
        while (ready.TryDequeue(out var next, out _))
        {
            result.Add(objects[next]);
            foreach (var dependent in dependents[next])
            {
                if (--waiting[dependent] == 0)
                {
                    ready.Enqueue(dependent, (Rank(objects[dependent].Kind), dependent));
                }
            }
        }

        if (result.Count < objects.Count)
        {
            var cycle = objects.Where((_, i) => waiting[i] > 0).Select(o => o.Display);
            throw new ManifestException($"{DependencySelectorAnnotation} annotations form a cycle: {string.Join(", ", cycle)}");
        }

        return result;
    }

    /// <summary>The objects of the set an object's dependency selector selects.</summary>
    public static IReadOnlyList<ManifestObject> DependenciesOf(ManifestObject item, IReadOnlyList<ManifestObject> objects)
    {
        if (item.Annotation(DependencySelectorAnnotation) is not { } text)
        {
            return [];
        }

        var selector = LabelSelector.Parse(text);
        return objects.Where(o => !ReferenceEquals(o, item) && selector.Matches(o.Labels)).ToList();
    }
}
