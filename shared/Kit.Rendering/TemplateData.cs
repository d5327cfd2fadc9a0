namespace Kit.Rendering;

/// <summary>
/// The data one resource's templates see, built as kit-deploymentizer built it: the cluster's merged
/// variables plus <c>branch</c>, <c>name</c>, <c>svc</c>, <c>deployment.id</c>/<c>fastRollback</c> and one
/// key per container (with its image, env from the env source and external values).
/// </summary>
public static class TemplateData
{
    public static OrderedDictionary<string, object?> Build(
        ClusterDefinition cluster,
        string resourceName,
        OrderedDictionary<string, object?> resource,
        RenderOptions options,
        IEnvSource? envSource,
        Func<string, string, string, string> image,
        ISet<string>? externalEnv = null)
    {
        // Templates only read: the cluster's variables are shared, only what is set here is new.
        var data = new OrderedDictionary<string, object?>(cluster.Configuration, StringComparer.Ordinal);
        var resourceBranch = Values.Get(resource, "branch");
        data["branch"] = JsValues.IsTruthy(resourceBranch) ? resourceBranch : cluster.Branch;
        data["name"] = resourceName;
        if (!string.IsNullOrEmpty(options.DeployId))
        {
            var deployment = Values.Get(data, "deployment") is OrderedDictionary<string, object?> shared
                ? new OrderedDictionary<string, object?>(shared, StringComparer.Ordinal)
                : Values.NewMap();
            data["deployment"] = deployment;

            deployment["id"] = options.DeployId;
            deployment["fastRollback"] = options.FastRollback;
        }

        var containers = new List<(string Key, object? Definition)>();
        if (Values.Get(resource, "containers") is OrderedDictionary<string, object?> declared && declared.Count > 0)
        {
            containers.AddRange(declared.Select(c => (c.Key, c.Value)));
        }
        else
        {
            containers.Add((resourceName, resource));
        }

        if (containers.Count > 1)
        {
            var primaries = containers.Count(c => Values.IsTrue(c.Definition, "primary"));
            if (primaries != 1)
            {
                throw new RenderException(
                    $"{containers.Count} containers and {primaries} marked primary: exactly one container must say primary: true",
                    cluster.SourceFile);
            }
        }

        foreach (var (key, definition) in containers)
        {
            if (definition is not OrderedDictionary<string, object?> declaredContainer)
            {
                throw new RenderException($"container '{key}' must be a mapping", cluster.SourceFile);
            }

            var artifact = new OrderedDictionary<string, object?>(declaredContainer, StringComparer.Ordinal);
            if (!JsValues.IsTruthy(Values.Get(artifact, "name")))
            {
                artifact["name"] = resourceName;
            }

            var containerName = JsValues.ToJsString(artifact["name"]);
            var container = artifact;
            if (envSource is not null)
            {
                // The env source wins over the repository for every key but env (merged below).
                container = (OrderedDictionary<string, object?>)KitMerge.Merge(artifact, envSource.Fetch(containerName, cluster.Name))!;
            }

            if (Values.Get(artifact, "env") is List<object?> ownEnv)
            {
                container["env"] = KitMerge.MergeEnvs(
                    Values.Get(container, "env") as List<object?>,
                    ExternalEnv.Resolve(ownEnv, options.ExternalValues, cluster.SourceFile, externalEnv));
            }

            if (!JsValues.IsTruthy(Values.Get(container, "image")) && JsValues.IsTruthy(Values.Get(artifact, "image_tag")))
            {
                var branch = Values.Get(container, "branch") is { } b && JsValues.IsTruthy(b) ? b : data["branch"];
                if (!JsValues.IsTruthy(branch))
                {
                    throw new RenderException($"container '{key}' has an image_tag but no branch (set metadata.branch)", cluster.SourceFile);
                }

                container["image"] = image(JsValues.ToJsString(artifact["image_tag"]), JsValues.ToJsString(branch), cluster.SourceFile);
            }

            data[key] = container;
        }

        if (Values.Get(resource, "svc") is { } svc && JsValues.IsTruthy(svc))
        {
            data["svc"] = svc;
        }

        return data;
    }
}
