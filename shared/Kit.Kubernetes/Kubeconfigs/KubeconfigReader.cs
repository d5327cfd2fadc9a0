using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using Kit.Kubernetes.Manifests;
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

            var context = config.Contexts?.FirstOrDefault(c => c.Name == contextName);
            if (context?.ContextDetails is null)
            {
                return Broken(info, cluster, $"names current-context '{contextName}' but defines no such context");
            }

            var user = config.Users?.FirstOrDefault(u => u.Name == context.ContextDetails.User);
            return new KubeconfigEntry
            {
                Path = path,
                Cluster = cluster,
                Namespace = string.IsNullOrWhiteSpace(context.ContextDetails.Namespace) ? "default" : context.ContextDetails.Namespace,
                Context = contextName,
                Config = config,
                ExecCommand = user?.UserCredentials?.ExternalExecution?.Command,
                LastWriteUtc = info.LastWriteTimeUtc,
                Length = info.Length,
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException or KubeConfigException or ArgumentException or InvalidOperationException)
        {
            return Broken(info, fallbackName, $"cannot be read: {FirstLine(e.Message)}");
        }
    }

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
