using k8s.Exceptions;
using k8s.KubeConfigModels;
using Kit.Yaml;
using YamlDotNet.Serialization;

namespace Kit.Kubernetes.Kubeconfigs;

/// <summary>Reads one kubeconfig file into an entry; a broken file becomes an entry with an error.</summary>
public static class KubeconfigReader
{
    // KubernetesClient's own loader builds its YAML machinery per call (milliseconds per file); a
    // thousand kubeconfigs need one deserializer, built once.
    static readonly IDeserializer Deserializer = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    /// <summary>The largest kubeconfig read: certificates included, a real one is kilobytes.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    public static KubeconfigEntry Read(string path)
    {
        var info = new FileInfo(path);
        var fallbackName = FallbackName(path);
        try
        {
            if (info.Exists && info.Length > MaxBytes)
            {
                return Broken(info, fallbackName, $"is {info.Length / 1024 / 1024} MiB; kit reads kubeconfigs of at most {MaxBytes / 1024 / 1024} MiB");
            }

            // The deserializer recurses once per level: the depth limit keeps a hostile file from overflowing the stack.
            var config = Deserializer.Deserialize<NamedKubeconfig?>(YamlDepth.Parser(File.ReadAllText(path))) ?? throw new KubeConfigException("the file is empty");
            config.FileName = info.FullName;
            var metadataName = config.Metadata?.Name;
            var contextName = config.CurrentContext;
            var cluster = string.IsNullOrWhiteSpace(metadataName) ? contextName : metadataName;
            if (string.IsNullOrWhiteSpace(cluster))
            {
                return Broken(info, fallbackName, "has neither metadata.name nor current-context");
            }

            if (string.IsNullOrWhiteSpace(contextName))
            {
                return Broken(info, cluster, "has no current-context");
            }

            if (Ambiguity(config) is { } ambiguity)
            {
                return Broken(info, cluster, ambiguity);
            }

            var context = Find(config.Contexts, c => c.Name, contextName);
            if (context?.ContextDetails is null)
            {
                return Broken(info, cluster, $"names current-context '{Shown(contextName)}' but defines no such context");
            }

            var user = string.IsNullOrWhiteSpace(context.ContextDetails.User) ? null : Find(config.Users, u => u.Name, context.ContextDetails.User);
            var credentials = user?.UserCredentials;
            return new KubeconfigEntry
            {
                Path = path,
                Cluster = cluster,
                Namespace = string.IsNullOrWhiteSpace(context.ContextDetails.Namespace) ? "default" : context.ContextDetails.Namespace,
                Context = contextName,
                Config = config,
                ExecCommand = credentials?.ExternalExecution is { } exec ? exec.Command ?? "" : null,
                AuthProviderCommand = credentials?.AuthProvider is { Config: { } providerConfig } provider && providerConfig.TryGetValue("cmd-path", out var command)
                    ? $"{provider.Name} auth-provider, cmd-path {command}"
                    : null,
                LastWriteUtc = info.LastWriteTimeUtc,
                Length = info.Length,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or KubeConfigException or ArgumentException or InvalidOperationException)
        {
            return Broken(info, fallbackName, $"cannot be read: {FirstLine(e.Message)}");
        }
    }

    /// <summary>
    /// The entry KubernetesClient will use: it compares names ignoring case and takes the first match, so kit
    /// decides on exactly that one (and <see cref="Ambiguity"/> refuses files where that choice would matter).
    /// </summary>
    static T? Find<T>(IEnumerable<T>? items, Func<T, string?> name, string wanted)
        where T : class =>
        items?.FirstOrDefault(i => string.Equals(name(i), wanted, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Why the client could take another context, cluster or user than the one meant: two names equal but for
    /// case (or equal), or an entry without a name. Null when every name is unique.
    /// </summary>
    static string? Ambiguity(K8SConfiguration config)
    {
        var lists = new (string Kind, IEnumerable<string?> Names)[]
        {
            ("context", config.Contexts?.Select(c => c?.Name) ?? []),
            ("cluster", config.Clusters?.Select(c => c?.Name) ?? []),
            ("user", config.Users?.Select(u => u?.Name) ?? []),
        };
        foreach (var (kind, names) in lists)
        {
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var name in names)
            {
                if (string.IsNullOrEmpty(name))
                {
                    return $"is ambiguous: a {kind} has no name";
                }

                if (seen.TryGetValue(name, out var other))
                {
                    return other == name
                        ? $"is ambiguous: two {kind}s are named '{Shown(name)}'"
                        : $"is ambiguous: {kind}s '{Shown(other)}' and '{Shown(name)}' differ only in case, which the Kubernetes client ignores";
                }

                seen[name] = name;
            }
        }

        return null;
    }

    /// <summary>A name as one printable line.</summary>
    static string Shown(string name) =>
        string.Concat(name.Select(c => char.IsControl(c) ? '?' : c));

    /// <summary>kit's layout names the folder after the cluster (<c>/configs/&lt;cluster&gt;/kubeconfig</c>); otherwise the file is named after it.</summary>
    public static string FallbackName(string path)
    {
        var file = System.IO.Path.GetFileNameWithoutExtension(path);
        return file == "kubeconfig" || file == "config"
            ? System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path)) ?? file
            : file;
    }

    static KubeconfigEntry Broken(FileInfo info, string cluster, string reason) => new()
    {
        Path = info.FullName,
        Cluster = cluster,
        Error = $"kubeconfig {info.FullName} {reason}",
        LastWriteUtc = info.Exists ? info.LastWriteTimeUtc : default,
        Length = info.Exists ? info.Length : 0,
    };

    static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
