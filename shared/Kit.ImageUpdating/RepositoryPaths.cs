using Kit.Git;
using LibGit2Sharp;

namespace Kit.ImageUpdating;

/// <summary>Keeps image keys and branches inside the images folder and branch names valid for git.</summary>
public static class RepositoryPaths
{
    /// <summary>The file an image is written to, <c>&lt;images.path&gt;/&lt;key&gt;/&lt;branch&gt;.yaml</c>; throws when it would leave the folder.</summary>
    public static string ImageFile(KitConfig config, string repositoryKey, string branch)
    {
        if (string.IsNullOrWhiteSpace(repositoryKey) || !SafePath.IsPlainRelative(repositoryKey))
        {
            throw new ImageUpdateException($"image repository key '{Shorten(repositoryKey)}' must be a relative folder name inside {config.ImagesPath}/");
        }

        if (string.IsNullOrWhiteSpace(branch) || !Reference.IsValidName("refs/heads/" + branch) || !SafePath.IsPlainRelative(branch))
        {
            throw new ImageUpdateException($"branch '{Shorten(branch)}' is not a valid git branch name");
        }

        return $"{config.ImagesPath}/{repositoryKey}/{branch}.yaml";
    }

    static string Shorten(string? value) => value is null ? "" : value.Length <= 80 ? value : value[..77] + "...";
}
