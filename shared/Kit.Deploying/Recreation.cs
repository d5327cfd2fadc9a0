using System.Net;
using System.Text.Json.Nodes;
using Kit.Contracts;
using Kit.Kubernetes.Api;
using Kit.Kubernetes.Manifests;

namespace Kit.Deploying;

/// <summary>
/// What cannot be patched, as kit-deployer handled it: an apply the server refuses only because it would change
/// immutable fields is replaced by a delete (propagation <c>Background</c>) and a new apply, for every Job and for
/// any object annotated <c>kit-deployer/recreate: "true"</c>; any other such refusal fails with one line naming
/// the object, the fields and the annotation.
/// </summary>
sealed class Recreation(ClusterConnection cluster, DeployerSettings settings)
{
    public const string Annotation = "kit-deployer/recreate";

    /// <summary>
    /// How kube-apiserver's update validation words a field that may not change (apimachinery's
    /// ValidateImmutableField, the Service IP, StatefulSet, claim and pod update rules).
    /// </summary>
    static readonly string[] ImmutableWordings =
    [
        "field is immutable",
        "is immutable after creation",
        "may not change once set",
        "updates to statefulset spec for fields other than",
        "pod updates may not change fields",
        "pod updates may not add or remove containers",
    ];

    /// <summary>
    /// The fields a 422 refuses as immutable, or null when the answer is anything else, or when one of its causes is
    /// not about immutability (a new object would be refused as well, so recreating it would only lose the old one).
    /// </summary>
    public static IReadOnlyList<string>? ImmutableFields(KubeResponse response)
    {
        if (response.Status != HttpStatusCode.UnprocessableEntity || response.Body?["details"]?["causes"] is not JsonArray { Count: > 0 } causes)
        {
            return null;
        }

        var fields = new List<string>();
        foreach (var cause in causes)
        {
            var message = cause?["message"]?.GetValue<string>() ?? "";
            if (!ImmutableWordings.Any(w => message.Contains(w, StringComparison.Ordinal)))
            {
                return null;
            }

            var field = cause?["field"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(field) && !fields.Contains(field))
            {
                fields.Add(field);
            }
        }

        return fields;
    }

    /// <summary>A Job is always recreated (its pod template never changes in place); anything else only when annotated.</summary>
    public static bool Allowed(ManifestObject item) =>
        (item.Kind == "Job" && item.ApiVersion.StartsWith("batch/", StringComparison.Ordinal))
        || item.Body["metadata"]?["annotations"]?[Annotation]?.ToString() == "true";

    /// <summary>
    /// True when <paramref name="response"/> refuses <paramref name="applied"/> only for immutable fields and the
    /// object may be recreated; false when the refusal is of another kind; a <see cref="DeployException"/> in one
    /// line when the object may not be recreated.
    /// </summary>
    public static bool Recreates(AppliedObject applied, KubeResponse response)
    {
        if (ImmutableFields(response) is not { } fields)
        {
            return false;
        }

        if (Allowed(applied.Source))
        {
            return true;
        }

        var named = fields.Count == 0 ? "a field" : string.Join(", ", fields);
        throw new DeployException(
            $"{applied.Display} ({applied.Source.File}:{applied.Source.Line}): {response.Message.ReplaceLineEndings(" ")}; {named} cannot change in place: "
            + $"annotate the {applied.Kind} {Annotation}: \"true\" to have kit delete and recreate it");
    }

    /// <summary>
    /// Deletes the live object (propagation <c>Background</c>: its pods go after it), waits until it is really gone
    /// (a finalizer may hold it for a while; bounded by <c>WaitTimeoutSeconds</c>), then applies it again and
    /// returns the apply's answer.
    /// </summary>
    public async Task<KubeResponse> RecreateAsync(AppliedObject applied, Func<Task<KubeResponse>> apply, CancellationToken cancellationToken)
    {
        var live = await cluster.GetAsync(applied.Path, cancellationToken);
        var uid = live.IsSuccess ? live.Body?["metadata"]?["uid"]?.GetValue<string>() : null;
        if (uid is not null)
        {
            await BackgroundDelete.SendAsync(cluster, applied.Path, $"deleting {applied.Display} to recreate it", cancellationToken);

            await WaitGoneAsync(applied, uid, cancellationToken);
        }

        var response = await apply();
        if (!response.IsSuccess)
        {
            throw new DeployException($"{applied.Display} ({applied.Source.File}:{applied.Source.Line}): recreating it: {response.Message}");
        }

        return response;
    }

    async Task WaitGoneAsync(AppliedObject applied, string uid, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(settings.WaitTimeoutSeconds);
        while (true)
        {
            var response = await cluster.GetAsync(applied.Path, cancellationToken);
            if (response.Status == HttpStatusCode.NotFound)
            {
                return;
            }

            var live = response.Ensure($"reading {applied.Display}");
            if (live["metadata"]?["uid"]?.GetValue<string>() != uid)
            {
                return;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                var finalizers = string.Join(", ", (live["metadata"]?["finalizers"] as JsonArray ?? []).Select(f => f?.ToString()));
                throw new DeployException(
                    $"{applied.Display} was deleted to be recreated but is still there after {settings.WaitTimeoutSeconds} s{(finalizers.Length == 0 ? "" : $" (finalizers: {finalizers})")}",
                    DeploymentOutcome.TimedOut);
            }

            await Task.Delay(Math.Min(settings.PollMilliseconds, 250), cancellationToken);
        }
    }
}
