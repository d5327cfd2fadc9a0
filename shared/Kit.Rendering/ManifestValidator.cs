using Kit.Rendering.Yaml;

namespace Kit.Rendering;

/// <summary>Checks a rendered file before it can reach a cluster: YAML, and every document a Kubernetes object.</summary>
public static class ManifestValidator
{
    /// <summary>Throws a <see cref="RenderException"/> naming the template and the line of the rendered output.</summary>
    public static void Validate(string content, string templatePath)
    {
        IReadOnlyList<(object? Value, int Line)> documents;
        try
        {
            documents = YamlLoader.LoadAll(content, templatePath);
        }
        catch (RenderException e)
        {
            throw new RenderException($"the rendered output is not valid YAML at its line {e.Line}: {e.Message}", templatePath, e.Line);
        }

        var objects = 0;
        foreach (var (document, line) in documents)
        {
            if (document is null)
            {
                continue;
            }

            objects++;
            if (document is not IReadOnlyDictionary<string, object?> map)
            {
                throw new RenderException("a rendered document is not a mapping (a Kubernetes object)", templatePath, line);
            }

            foreach (var key in (string[])["apiVersion", "kind"])
            {
                if (Values.Get(map, key) is not string { Length: > 0 })
                {
                    throw new RenderException($"a rendered object has no {key}", templatePath, line);
                }
            }

            if (Values.Get(map, "metadata", "name") is null or "")
            {
                throw new RenderException($"a rendered {Values.Get(map, "kind")} has no metadata.name", templatePath, line);
            }
        }

        if (objects == 0)
        {
            throw new RenderException("the template rendered no Kubernetes object", templatePath);
        }
    }
}
