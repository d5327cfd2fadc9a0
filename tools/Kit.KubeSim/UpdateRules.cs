using System.Text.Json.Nodes;

namespace Kit.KubeSim;

/// <summary>
/// The fields kube-apiserver's update validation (pkg/apis/{batch,apps,core}/validation) refuses to change, one rule
/// per kind, worded as the server words them. Runs on every update, patch and apply, dry-run or not, after defaulting.
/// </summary>
static class UpdateRules
{
    const string Immutable = "field is immutable";
    const string LockedByFlag = "field is immutable when `immutable` is set";
    const string StatefulSetSpec = "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden";
    const string ClaimSpec = "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";
    const string PodSpec = "pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    static readonly string[] StatefulSetMutable = ["replicas", "ordinals", "template", "updateStrategy", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"];
    static readonly string[] PodMutable = ["activeDeadlineSeconds", "tolerations", "terminationGracePeriodSeconds"];
    static readonly string[] ContainerLists = ["containers", "initContainers"];

    public static List<FieldError> Check(ResourceType type, JsonObject live, JsonObject candidate) => (type.Group, type.Kind) switch
    {
        ("batch", "Job") => Job(live, candidate),
        ("apps", "Deployment" or "ReplicaSet" or "DaemonSet") => Unchanged(live, candidate, "spec", "selector"),
        ("apps", "StatefulSet") => StatefulSet(live, candidate),
        ("", "Service") => Service(live, candidate),
        ("", "PersistentVolumeClaim") => Claim(live, candidate),
        ("", "ConfigMap") => LockedData(live, candidate, "data", "binaryData"),
        ("", "Secret") => [.. Unchanged(live, candidate, "type"), .. LockedData(live, candidate, "data")],
        ("", "Pod") => Pod(live, candidate),
        _ => [],
    };

    static List<FieldError> Job(JsonObject live, JsonObject candidate) =>
    [
        .. Json.Str(candidate, "spec", "completionMode") == "Indexed" ? [] : Unchanged(live, candidate, "spec", "completions"),
        .. Unchanged(live, candidate, "spec", "selector"),
        .. Unchanged(live, candidate, "spec", "template"),
        .. Unchanged(live, candidate, "spec", "completionMode"),
        .. Unchanged(live, candidate, "spec", "podFailurePolicy"),
        .. Unchanged(live, candidate, "spec", "backoffLimitPerIndex"),
    ];

    static List<FieldError> StatefulSet(JsonObject live, JsonObject candidate) =>
        Same(Without(live["spec"], StatefulSetMutable), Without(candidate["spec"], StatefulSetMutable))
            ? []
            : [FieldError.Forbidden("spec", StatefulSetSpec)];

    /// <summary>The primary cluster IP may not change once allocated (a secondary may be added or released); ExternalName and headless-to-headless are exempt.</summary>
    static List<FieldError> Service(JsonObject live, JsonObject candidate)
    {
        if (Json.Str(live, "spec", "type") == "ExternalName" || Json.Str(candidate, "spec", "type") == "ExternalName"
            || (Json.Str(live, "spec", "clusterIP") == "None" && Json.Str(candidate, "spec", "clusterIP") == "None"))
        {
            return [];
        }

        var before = Strings(live["spec"]?["clusterIPs"]);
        var after = Strings(candidate["spec"]?["clusterIPs"]);
        var value = candidate["spec"]?["clusterIPs"]?.DeepClone() ?? new JsonArray();
        if (before.Count > after.Count && after.Count == 0)
        {
            return [FieldError.Invalid("spec.clusterIPs[0]", value, "primary clusterIP can not be unset")];
        }

        var compared = before.Count == after.Count ? before.Count : Math.Min(Math.Min(before.Count, after.Count), 1);
        return [.. Enumerable.Range(0, compared).Where(i => before[i] != after[i]).Select(i => FieldError.Invalid($"spec.clusterIPs[{i}]", value, "may not change once set"))];
    }

    /// <summary>A bound claim may only change its storage request (and volume attributes class); shrinking stops at the capacity it has.</summary>
    static List<FieldError> Claim(JsonObject live, JsonObject candidate)
    {
        var bound = Json.Str(live, "status", "phase") == "Bound";
        var ignored = bound ? new[] { "resources", "volumeAttributesClassName" } : [];
        var oldSpec = Without(live["spec"], ignored);
        var newSpec = Without(candidate["spec"], ignored);
        if (string.IsNullOrEmpty(Json.Str(live, "spec", "volumeName")))
        {
            oldSpec?.Remove("volumeName");
            newSpec?.Remove("volumeName");
        }

        if (bound)
        {
            // Only the storage request of resources is exempt.
            var oldResources = Without(live["spec"]?["resources"]);
            var newResources = Without(candidate["spec"]?["resources"]);
            (oldResources?["requests"] as JsonObject)?.Remove("storage");
            (newResources?["requests"] as JsonObject)?.Remove("storage");
            oldSpec?.Add("resources", oldResources);
            newSpec?.Add("resources", newResources);
        }

        List<FieldError> errors = Same(oldSpec, newSpec) ? [] : [FieldError.Forbidden("spec", ClaimSpec)];
        var oldSize = Quantity.Parse(Json.Str(live, "spec", "resources", "requests", "storage")) ?? 0;
        var newSize = Quantity.Parse(Json.Str(candidate, "spec", "resources", "requests", "storage")) ?? 0;
        var capacity = Quantity.Parse(Json.Str(live, "status", "capacity", "storage")) ?? 0;
        if (newSize < oldSize && newSize <= capacity)
        {
            errors.Add(FieldError.Forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
        }

        return errors;
    }

    /// <summary>Once `immutable: true`, the data and the flag itself are frozen.</summary>
    static List<FieldError> LockedData(JsonObject live, JsonObject candidate, params string[] fields)
    {
        if (live["immutable"] is not JsonValue flag || !flag.TryGetValue<bool>(out var locked) || !locked)
        {
            return [];
        }

        List<FieldError> errors = candidate["immutable"] is JsonValue f && f.TryGetValue<bool>(out var still) && still ? [] : [FieldError.Forbidden("immutable", LockedByFlag)];
        errors.AddRange(fields.Where(f => !Same(live[f], candidate[f])).Select(f => FieldError.Forbidden(f, LockedByFlag)));
        return errors;
    }

    /// <summary>A pod may change its images, lower its deadline and add tolerations; nothing else in its spec.</summary>
    static List<FieldError> Pod(JsonObject live, JsonObject candidate)
    {
        var oldSpec = live["spec"] as JsonObject ?? [];
        var newSpec = candidate["spec"] as JsonObject ?? [];
        var errors = new List<FieldError>();
        foreach (var key in ContainerLists)
        {
            if ((oldSpec[key] as JsonArray)?.Count != (newSpec[key] as JsonArray)?.Count)
            {
                errors.Add(FieldError.Forbidden($"spec.{key}", "pod updates may not add or remove containers"));
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var oldDeadline = Json.Int(oldSpec, "activeDeadlineSeconds");
        var newDeadline = Json.Int(newSpec, "activeDeadlineSeconds");
        if (oldDeadline is not null && newDeadline is null)
        {
            errors.Add(FieldError.Invalid("spec.activeDeadlineSeconds", null, "must not update from a positive integer to nil value"));
        }
        else if (oldDeadline is not null && newDeadline > oldDeadline)
        {
            errors.Add(FieldError.Invalid("spec.activeDeadlineSeconds", newSpec["activeDeadlineSeconds"]?.DeepClone(), "must be less than or equal to previous value"));
        }

        var newTolerations = (newSpec["tolerations"] as JsonArray ?? []).Select(t => Without(t, "tolerationSeconds")).ToList();
        if ((oldSpec["tolerations"] as JsonArray ?? []).Any(t => !newTolerations.Any(n => Same(n, Without(t, "tolerationSeconds")))))
        {
            errors.Add(FieldError.Forbidden("spec.tolerations", "existing toleration can not be modified except its tolerationSeconds"));
        }

        if (!Same(WithoutImages(Without(oldSpec, PodMutable)), WithoutImages(Without(newSpec, PodMutable))))
        {
            errors.Add(FieldError.Forbidden("spec", PodSpec));
        }

        return errors;
    }

    static JsonObject? WithoutImages(JsonObject? spec)
    {
        foreach (var container in ContainerLists.SelectMany(k => spec?[k] as JsonArray ?? []).OfType<JsonObject>())
        {
            container.Remove("image");
        }

        return spec;
    }

    /// <summary>apivalidation.ValidateImmutableField: any change, setting or clearing included, is refused.</summary>
    static List<FieldError> Unchanged(JsonObject live, JsonObject candidate, params string[] path)
    {
        var before = At(live, path);
        var after = At(candidate, path);
        return Same(before, after) ? [] : [FieldError.Invalid(string.Join('.', path), after, Immutable)];
    }

    static JsonNode? At(JsonNode? node, string[] path) => path.Aggregate(node, (current, key) => (current as JsonObject)?[key]);

    static List<string?> Strings(JsonNode? node) => [.. (node as JsonArray ?? []).Select(n => n?.GetValue<string>())];

    /// <summary>A copy of an object without some fields (null when it is not an object).</summary>
    static JsonObject? Without(JsonNode? node, params string[] keys)
    {
        if (node is not JsonObject obj)
        {
            return null;
        }

        var copy = obj.DeepClone().AsObject();
        foreach (var key in keys)
        {
            copy.Remove(key);
        }

        return copy;
    }

    /// <summary>Go's semantic equality of decoded structs: an absent field, a null and an empty map or list are the same.</summary>
    static bool Same(JsonNode? a, JsonNode? b) => Json.DeepEquals(Json.Canonical(a), Json.Canonical(b));
}
