using Microsoft.Extensions.FileSystemGlobbing;
using Microsoft.Extensions.FileSystemGlobbing.Abstractions;

namespace Kit.Kubernetes.Kubeconfigs;

/// <summary>Lists the files a <c>Kit:Deployer:Kubeconfigs</c> value names: a glob, a directory or one file.</summary>
public static class KubeconfigGlob
{
    static readonly char[] Wildcards = ['*', '?', '[', '{'];

    public static IReadOnlyList<string> Files(string glob)
    {
        if (Directory.Exists(glob))
        {
            return Match(glob, "**/*");
        }

        if (glob.IndexOfAny(Wildcards) < 0)
        {
            return File.Exists(glob) ? [System.IO.Path.GetFullPath(glob)] : [];
        }

        var (root, pattern) = Split(glob);
        return Directory.Exists(root) ? Match(root, pattern) : [];
    }

    /// <summary>True when the value names something that is there: a folder, a file, or a glob whose folder exists.</summary>
    public static bool Exists(string glob) =>
        Directory.Exists(glob) || File.Exists(glob) || (glob.IndexOfAny(Wildcards) >= 0 && Directory.Exists(Split(glob).Root));

    /// <summary>The folder before the first wildcard, and the pattern after it.</summary>
    public static (string Root, string Pattern) Split(string glob)
    {
        var normalized = glob.Replace('\\', '/');
        var parts = normalized.Split('/');
        var index = Array.FindIndex(parts, p => p.IndexOfAny(Wildcards) >= 0);
        var root = string.Join('/', parts[..index]);
        if (root.Length == 0)
        {
            root = normalized.StartsWith('/') ? "/" : ".";
        }

        return (root, string.Join('/', parts[index..]));
    }

    static IReadOnlyList<string> Match(string root, string pattern)
    {
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(pattern);
        var result = matcher.Execute(new DirectoryInfoWrapper(new DirectoryInfo(root)));
        return result.Files
            .Select(f => System.IO.Path.GetFullPath(System.IO.Path.Combine(root, f.Path)))
            .Where(f => !System.IO.Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
