using Kit.Git;

namespace Kit.ImageUpdating.Tests;

public sealed class RepositoryPathsTests
{
    [Theory]
    [InlineData("auth", "main", "images/auth/main.yaml")]
    [InlineData("invision/node-auth", "main", "images/invision/node-auth/main.yaml")]
    [InlineData("auth", "feature/login", "images/auth/feature/login.yaml")]
    public void Image_keys_may_hold_slashes_and_branches_make_folders(string key, string branch, string file) =>
        Assert.Equal(file, RepositoryPaths.ImageFile(KitConfig.Defaults(), key, branch));

    [Theory]
    [InlineData("../secrets")]
    [InlineData("/etc")]
    [InlineData("a/../../b")]
    [InlineData("a//b")]
    [InlineData("a\\b")]
    [InlineData(".git/hooks")]
    [InlineData("")]
    public void A_repository_key_that_leaves_the_images_folder_is_refused(string key)
    {
        var error = Assert.Throws<ImageUpdateException>(() => RepositoryPaths.ImageFile(KitConfig.Defaults(), key, "main"));

        Assert.Contains("repository key", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../main")]
    [InlineData("a..b")]
    [InlineData("main.lock")]
    [InlineData("with space")]
    [InlineData("tilde~1")]
    [InlineData("/main")]
    [InlineData("")]
    public void A_branch_that_is_not_a_git_ref_name_is_refused(string branch)
    {
        var error = Assert.Throws<ImageUpdateException>(() => RepositoryPaths.ImageFile(KitConfig.Defaults(), "auth", branch));

        Assert.Contains("branch", error.Message, StringComparison.Ordinal);
    }
}
