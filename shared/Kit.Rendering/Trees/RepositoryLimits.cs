namespace Kit.Rendering.Trees;

/// <summary>What kit reads from a deployments repository at most.</summary>
public static class RepositoryLimits
{
    /// <summary>
    /// Largest file read: above what any Kubernetes object may hold (etcd stores 1.5 MiB), so a bigger file is a
    /// mistake, and it would otherwise be copied into every cluster's message.
    /// </summary>
    public const long MaxFileBytes = 2 * 1024 * 1024;

    /// <summary>Refuses a file above <see cref="MaxFileBytes"/>, naming it.</summary>
    public static void CheckSize(string path, long bytes)
    {
        if (bytes > MaxFileBytes)
        {
            throw new RenderException($"'{path}' is {bytes / 1024} KiB; kit reads files of at most {MaxFileBytes / 1024 / 1024} MiB", path);
        }
    }
}
