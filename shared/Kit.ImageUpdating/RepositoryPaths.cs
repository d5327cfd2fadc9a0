using LibGit2Sharp;

namespace Kit.ImageUpdating;

/// <summary>Keeps image keys and branches inside the images folder and branch names valid for git.</summary>
public static class RepositoryPaths
{
    /// <summary>A relative path of plain segments: no empty, <c>.</c>, <c>..</c> or <c>.git</c> segment, no backslash or control character.</summary>
    public static bool IsSafeRelative(string path) =>
        path.Length > 0
        && !path.StartsWith('/')
        && !path.Any(c => c == '\\' || c == ':' || char.IsControl(c))
        && path.Split('/').All(s => s.Length > 0 && s != "." && s != ".." && !s.Equals(".git", StringComparison.OrdinalIgnoreCase));

    /// <summary>The file an image is written to, <c>&lt;images.path&gt;/&lt;key&gt;/&lt;branch&gt;.yaml</c>; throws when it would leave the folder.</summary>
    public static string ImageFile(KitConfig config, string repositoryKey, string branch)
    {
        if (string.IsNullOrWhiteSpace(repositoryKey) || !IsSafeRelative(repositoryKey))
        {
            throw new ImageUpdateException($"image repository key '{Shorten(repositoryKey)}' must be a relative folder name inside {config.ImagesPath}/");
        }

        if (string.IsNullOrWhiteSpace(branch) || !Reference.IsValidName("refs/heads/" + branch) || !IsSafeRelative(branch))
        {
            throw new ImageUpdateException($"branch '{Shorten(branch)}' is not a valid git branch name");
        }

        return $"{config.ImagesPath}/{repositoryKey}/{branch}.yaml";
    }

    static string Shorten(string? value) => value is null ? "" : value.Length <= 80 ? value : value[..77] + "...";
}
