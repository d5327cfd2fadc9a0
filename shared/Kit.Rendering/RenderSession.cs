using System.Collections.Concurrent;
using Kit.Git;
using Kit.Rendering.Sources;
using Kit.Rendering.Templates;
using Kit.Rendering.Trees;
using Kit.Rendering.Yaml;

namespace Kit.Rendering;

/// <summary>One render of one repository state: caches parsed templates and image files across clusters.</summary>
internal sealed class RenderSession(KitRepository repository, RenderOptions options)
{
    static readonly string[] TemplateExtensions = [".mustache", ".sbn", ".scriban"];

    readonly IRepositoryTree tree = repository.Tree;
    readonly KitConfig config = repository.Config;
    readonly IEnvSource? envSource = repository.Config.EnvConfigPath is { } path ? new FileEnvSource(repository.Tree, path) : null;
    readonly ConcurrentDictionary<string, Lazy<ITemplate>> templates = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<string>> images = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<string?>> texts = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, Lazy<string?>> sourceTexts = new(StringComparer.Ordinal);

    // Many clusters render byte-identical files (a Service, an autoscaler): check each content once.
    readonly ConcurrentDictionary<string, (IReadOnlyList<ManifestIdentity>? Objects, RenderException? Problem)> validated = new(StringComparer.Ordinal);

    public ClusterManifests RenderCluster(ClusterDefinition cluster)
    {
        var files = new List<RenderedFile>();
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<RenderError>();
        var warnings = new List<RenderError>();
        var externalEnv = new SortedSet<string>(StringComparer.Ordinal);
        var defined = new Dictionary<(string Group, string Kind, string? Namespace, string Name), (string Path, int Line)>();
        if (Values.Get(cluster.Cluster, "resources") is not OrderedDictionary<string, object?> resources)
        {
            warnings.Add(new RenderError("the cluster defines no resources", cluster.SourceFile, null, cluster.Name));
            return new ClusterManifests(cluster.Name, cluster.Type, cluster.AllowFailure, files, errors, warnings, Namespaces(cluster, errors));
        }

        // A source that failed without saying what it provides may provide any of the cluster's resources: hold the
        // cluster back rather than deploy a set that lacks them (the deployer would prune their objects).
        errors.AddRange(repository.SourceErrors.Select(e => e.ToError(cluster.Name)));

        // The cluster's time limit: templates stop soon after it passes, and so does this loop.
        using var limit = new CancellationTokenSource(options.Timeout);
        foreach (var (name, value) in resources)
        {
            if (options.Resource is not null && name != options.Resource)
            {
                continue;
            }

            if (limit.IsCancellationRequested)
            {
                (cluster.AllowFailure ? warnings : errors).Add(new RenderError(TimeLimitMessage(), cluster.SourceFile, null, cluster.Name, name));
                break;
            }

            try
            {
                if (value is not OrderedDictionary<string, object?> resource)
                {
                    throw new RenderException("a resource must be a mapping", cluster.SourceFile, KitRepository.LineOf(tree, cluster.SourceFile, name + ":"));
                }

                if (Values.IsTrue(resource, "disable"))
                {
                    continue;
                }

                if (repository.BrokenResources.TryGetValue(name, out var broken))
                {
                    throw broken;
                }

                var objects = new List<(ManifestIdentity Object, string Path)>();
                var produced = RenderResource(cluster, name, resource, externalEnv, objects, limit.Token);
                Define(defined, objects);
                foreach (var file in produced)
                {
                    if (owners.TryGetValue(file.FileName, out var other))
                    {
                        throw new RenderException($"output file {file.FileName} is written by resources '{other}' and '{name}'", cluster.SourceFile);
                    }
                }

                foreach (var file in produced)
                {
                    owners[file.FileName] = name;
                    files.Add(file);
                }
            }
            catch (RenderException e)
            {
                (cluster.AllowFailure ? warnings : errors).Add(e.ToError(cluster.Name, name));
                if (limit.IsCancellationRequested)
                {
                    break;
                }
            }
        }

        if (options.Resource is not null && !resources.ContainsKey(options.Resource))
        {
            warnings.Add(new RenderError($"resource '{options.Resource}' is not defined", cluster.SourceFile, null, cluster.Name));
        }

        return new ClusterManifests(cluster.Name, cluster.Type, cluster.AllowFailure, files, errors, warnings, Namespaces(cluster, errors)) { ExternalEnv = externalEnv };
    }

    /// <summary>kit's namespace files of the cluster; a bad one is an error of the cluster, whatever its allowFailure (the set needs its namespaces).</summary>
    IReadOnlyList<RenderedFile> Namespaces(ClusterDefinition cluster, List<RenderError> errors)
    {
        try
        {
            return NamespaceFiles.Read(tree, cluster.Name);
        }
        catch (RenderException e)
        {
            errors.Add(e.ToError(cluster.Name));
            return [];
        }
    }

    /// <summary>One object once per cluster, as a deployment requires (the same kind, namespace and name twice is an error).</summary>
    static void Define(Dictionary<(string Group, string Kind, string? Namespace, string Name), (string Path, int Line)> defined, List<(ManifestIdentity Object, string Path)> objects)
    {
        var added = new Dictionary<(string Group, string Kind, string? Namespace, string Name), (string Path, int Line)>();
        foreach (var (item, path) in objects.Where(o => o.Object.Kind != "List"))
        {
            var key = (item.Group, item.Kind, item.Namespace, item.Name);
            if (defined.TryGetValue(key, out var first) || added.TryGetValue(key, out first))
            {
                throw new RenderException($"{item.Display} is also defined in {first.Path}:{first.Line}", path, item.Line);
            }

            added[key] = (path, item.Line);
        }

        foreach (var (key, where) in added)
        {
            defined[key] = where;
        }
    }

    string TimeLimitMessage() =>
        $"the cluster passed its render time limit of {options.Timeout.TotalSeconds:0.#} s (Kit__Rendering__TimeoutSeconds)";

    /// <summary>Renders a template within the cluster's time limit; past it, an error naming the template and the limit.</summary>
    string Render(ITemplate template, OrderedDictionary<string, object?> data, CancellationToken cancellationToken)
    {
        try
        {
            return template.Render(data, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new RenderException("still rendering when " + TimeLimitMessage(), template.Path);
        }
    }

    List<RenderedFile> RenderResource(
        ClusterDefinition cluster,
        string name,
        OrderedDictionary<string, object?> resource,
        ISet<string> externalEnv,
        List<(ManifestIdentity Object, string Path)> objects,
        CancellationToken cancellationToken)
    {
        var data = TemplateData.Build(cluster, name, resource, options, envSource, Image, externalEnv);
        var produced = new List<RenderedFile>(2);
        var file = Values.GetString(resource, "file");
        if (!string.IsNullOrEmpty(file))
        {
            // A sourced file's path is its label (api:deploy/api.sbn); the output is named after the file alone.
            var (path, template, text) = repository.Sourced.TryGetValue(name, out var source) ? SourcedFile(source, name, file) : ResourceFile(cluster, file);
            var content = text ?? Render(template!, data, cancellationToken);
            OutputLimit.Check(content, path, options.MaxOutputBytes);
            objects.AddRange(Validate(content, path).Select(o => (o, path)));
            produced.Add(new RenderedFile(Path.GetFileNameWithoutExtension(source is null ? path : RepositoryPath.Name(path[(source.Source.Name.Length + 1)..])) + ".yaml", content));
        }

        if (JsValues.IsTruthy(Values.Get(resource, "svc")))
        {
            var serviceName = Values.GetString(Values.Get(resource, "svc"), "name");
            if (serviceName is null || !KitRepository.IsDns1123(serviceName))
            {
                throw new RenderException($"svc.name '{serviceName}' must be set to a DNS-1123 name", cluster.SourceFile);
            }

            var template = ServiceTemplate();
            var content = Render(template, data, cancellationToken);
            OutputLimit.Check(content, template.Path, options.MaxOutputBytes);
            objects.AddRange(Validate(content, template.Path).Select(o => (o, template.Path)));
            produced.Add(new RenderedFile(serviceName + ".yaml", content));
        }

        return produced;
    }

    /// <summary>A resource's file: a template to render or YAML to copy. Its errors name where the resource refers to it.</summary>
    (string Path, ITemplate? Template, string? Text) ResourceFile(ClusterDefinition cluster, string file)
    {
        try
        {
            var path = RepositoryPath.Combine(config.ResourcesPath, file);
            var extension = Path.GetExtension(path);
            if (extension is ".yaml" or ".yml")
            {
                return (path, null, Text(path) ?? throw new RenderException($"the resource file {path} does not exist"));
            }

            if (TemplateExtensions.Contains(extension))
            {
                return (path, Template(path), null);
            }

            throw new RenderException($"unsupported file type '{extension}' for {path} (use .mustache, .sbn, .scriban or .yaml)");
        }
        catch (RenderException e) when (e.File is null)
        {
            // Where the resource names the file is looked up only now: it means searching the cluster's files.
            var (definedIn, line) = WhereDefined(cluster, file);
            throw new RenderException(e.Message, definedIn, line);
        }
    }

    /// <summary>
    /// A sourced resource's file, relative to its source's folder and never outside it; errors name the source's
    /// <c>kit-resources.yaml</c>, where the file is named. The path returned is the file's label (<c>api:deploy/api.sbn</c>).
    /// </summary>
    (string Path, ITemplate? Template, string? Text) SourcedFile(SourceTree source, string name, string file)
    {
        var resourcesFile = source.Label(KitSource.ResourcesFile);
        var path = SafePath.Combine("", file, out var problem);
        if (path is null || path.Length == 0 || path.Split('/').Any(s => s.Equals(".git", StringComparison.OrdinalIgnoreCase)))
        {
            throw new RenderException(
                $"resource '{name}' of source '{source.Source.Name}' names file '{file}', which is not inside the source's folder{(problem is null ? "" : $" ({problem})")}",
                resourcesFile,
                KitRepository.LineOf(source, KitSource.ResourcesFile, name + ":"));
        }

        var label = source.Label(path);
        var extension = Path.GetExtension(path);
        if (extension is ".yaml" or ".yml")
        {
            return (label, null, SourceText(source, path) ?? throw new RenderException($"the resource file {label} does not exist", resourcesFile));
        }

        if (!TemplateExtensions.Contains(extension))
        {
            throw new RenderException($"unsupported file type '{extension}' for {label} (use .mustache, .sbn, .scriban or .yaml)", resourcesFile);
        }

        return (label, templates.GetOrAdd(label, l => new Lazy<ITemplate>(() =>
        {
            var text = SourceText(source, path) ?? throw new RenderException($"the template {l} does not exist", resourcesFile);
            return extension == ".mustache" ? MustacheTemplate.Parse(l, text, options.MaxOutputBytes) : ScribanTemplate.Parse(l, text, options.MaxOutputBytes);
        })).Value, null);
    }

    string? SourceText(SourceTree source, string path) =>
        sourceTexts.GetOrAdd(source.Label(path), _ => new Lazy<string?>(() => source.ReadText(path))).Value;

    IReadOnlyList<ManifestIdentity> Validate(string content, string templatePath)
    {
        var (objects, problem) = validated.GetOrAdd(content, c =>
        {
            try
            {
                return (ManifestValidator.Validate(c, templatePath), null);
            }
            catch (RenderException e)
            {
                return (null, e);
            }
        });
        if (problem is not null)
        {
            throw new RenderException(problem.Message, templatePath, problem.Line);
        }

        return objects!;
    }

    ITemplate ServiceTemplate()
    {
        foreach (var extension in TemplateExtensions)
        {
            var path = RepositoryPath.Join(config.ResourcesPath, "base-svc" + extension);
            if (Text(path) is not null)
            {
                return Template(path);
            }
        }

        var plain = RepositoryPath.Join(config.ResourcesPath, "base-svc.yaml");
        if (Text(plain) is { } yaml)
        {
            return new PlainTemplate(plain, yaml);
        }

        throw new RenderException("the resource has svc but there is no base-svc.mustache, .sbn or .scriban", config.ResourcesPath);
    }

    /// <summary>A parsed template; a missing one throws without a location (the caller knows who refers to it).</summary>
    ITemplate Template(string path) =>
        templates.GetOrAdd(path, p => new Lazy<ITemplate>(() =>
        {
            var text = Text(p) ?? throw new RenderException($"the template {p} does not exist");
            return Path.GetExtension(p) == ".mustache"
                ? MustacheTemplate.Parse(p, text, options.MaxOutputBytes)
                : ScribanTemplate.Parse(p, text, options.MaxOutputBytes);
        })).Value;

    string Image(string tag, string branch, string definedIn)
    {
        var path = RepositoryPath.Combine(config.ImagesPath, $"{tag}/{branch}.yaml", definedIn);
        return images.GetOrAdd(path, p => new Lazy<string>(() =>
        {
            var text = Text(p) ?? throw new RenderException($"no image file for image_tag '{tag}' on branch '{branch}' ({p} does not exist)", definedIn);
            var image = Values.GetString(YamlLoader.LoadSingle(text, p), config.ImagesProperty)
                ?? throw new RenderException($"the image file has no '{config.ImagesProperty}' property", p, 1);
            if (!ImageReference.TryParse(image, out _, out var problem))
            {
                throw new RenderException(problem, p, KitRepository.LineOf(tree, p, config.ImagesProperty + ":"));
            }

            return image;
        })).Value;
    }

    string? Text(string path) => texts.GetOrAdd(path, p => new Lazy<string?>(() => tree.ReadText(p))).Value;

    (string File, int? Line) WhereDefined(ClusterDefinition cluster, string value)
    {
        foreach (var candidate in new[] { cluster.SourceFile, RepositoryPath.Join(config.BasePath, "base-cluster.yaml") })
        {
            if (Text(candidate) is { } text && text.Contains(value, StringComparison.Ordinal))
            {
                var line = 1;
                foreach (var row in text.AsSpan().EnumerateLines())
                {
                    if (row.Contains(value, StringComparison.Ordinal))
                    {
                        return (candidate, line);
                    }

                    line++;
                }
            }
        }

        return (cluster.SourceFile, null);
    }

    sealed class PlainTemplate(string path, string text) : ITemplate
    {
        public string Path => path;

        public string Render(IReadOnlyDictionary<string, object?> data, CancellationToken cancellationToken = default) => text;
    }
}
