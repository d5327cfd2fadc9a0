using System.Text.Json.Nodes;

namespace Kit.Deploying.Rollout;

/// <summary>kit's health check: containers waiting for a reason that will not fix itself.</summary>
public static class PodHealth
{
    public static readonly IReadOnlySet<string> FailingReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "ImagePullBackOff", "ErrImagePull", "CrashLoopBackOff", "InvalidImageName", "CreateContainerConfigError", "CreateContainerError",
    };

    /// <summary>The failing containers of a pod list, leaving out <paramref name="ignored"/> reasons.</summary>
    public static IReadOnlyList<PodFailure> Failures(JsonNode? podList, IReadOnlyCollection<string> ignored)
    {
        var result = new List<PodFailure>();
        foreach (var pod in podList?["items"]?.AsArray() ?? [])
        {
            var name = pod?["metadata"]?["name"]?.GetValue<string>() ?? "?";
            var statuses = (pod?["status"]?["initContainerStatuses"]?.AsArray() ?? []).Concat(pod?["status"]?["containerStatuses"]?.AsArray() ?? []);
            foreach (var container in statuses)
            {
                var waiting = container?["state"]?["waiting"];
                var reason = waiting?["reason"]?.GetValue<string>();
                if (reason is not null && FailingReasons.Contains(reason) && !ignored.Contains(reason))
                {
                    result.Add(new PodFailure(name, container?["name"]?.GetValue<string>() ?? "?", reason, waiting?["message"]?.GetValue<string>()));
                }
            }
        }

        return result;
    }
}
