namespace Kit.Git.Tests;

public sealed class KitConfigTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("# nothing yet\n")]
    [InlineData("other: 1\n")]
    [InlineData("images:\nbase:\n")]
    public void Missing_settings_mean_the_default_folders(string? text) => Assert.Equal(KitConfig.Defaults(), KitConfig.Parse(text));

    [Fact]
    public void Every_folder_and_the_image_property_are_read_and_normalised()
    {
        var config = KitConfig.Parse("""
            # kit settings
            base: {path: ./}
            images: {path: deploy/images/, property: tag}
            type: {path: deploy/../types}
            cluster: {path: clusters}
            resources: {path: res}
            plugin: {path: plugins/file-config, options: {configPath: env}}
            """);

        Assert.Equal(new KitConfig("kit.yaml", "", "deploy/images", "tag", "types", "clusters", "res", "env"), config);
    }

    [Fact]
    public void An_unparsable_kit_yaml_names_the_file_and_line()
    {
        var error = Assert.Throws<KitConfigException>(() => KitConfig.Parse("images:\n  path: [a\n"));

        Assert.Equal("kit.yaml", error.File);
        Assert.NotNull(error.Line);
        Assert.StartsWith("does not parse as YAML: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Idx:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("images:\n  path: ../outside\n", "images.path")]
    [InlineData("images:\n  path: a/../../b\n", "images.path")]
    [InlineData("images:\n  path: .git\n", "images.path")]
    [InlineData("images:\n  path: .\n", "images.path")]
    [InlineData("type:\n  path: /etc\n", "type.path")]
    [InlineData("cluster:\n  path: x/.GIT/y\n", "cluster.path")]
    [InlineData("plugin:\n  path: file-config\n  options: {configPath: ../../etc}\n", "plugin.options.configPath")]
    public void A_folder_outside_the_repository_or_inside_git_is_refused(string text, string key)
    {
        var error = Assert.Throws<KitConfigException>(() => KitConfig.Parse(text));

        Assert.StartsWith(key + " ", error.Message, StringComparison.Ordinal);
        Assert.Contains("must be a folder inside the repository", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("- a\n- b\n", "must be a mapping (base, images, type, cluster, resources)")]
    [InlineData("images: [a]\n", "images must be a mapping")]
    [InlineData("images:\n  path: [a, b]\n", "images.path must be a single value")]
    [InlineData("images:\n  property: \"a\\nb\"\n", "images.property must be a key name")]
    [InlineData("plugin:\n  path: plugins/vault\n", "env plugin 'plugins/vault' is not supported")]
    public void A_kit_yaml_of_the_wrong_shape_is_refused_saying_what_is_wrong(string text, string says)
    {
        var error = Assert.Throws<KitConfigException>(() => KitConfig.Parse(text));

        Assert.StartsWith(says, error.Message, StringComparison.Ordinal);
        Assert.Equal("kit.yaml", error.File);
    }

    [Fact]
    public void Forty_thousand_nested_brackets_are_an_error_with_line_and_limit_not_a_crash()
    {
        var deep = new string('[', 40_000) + new string(']', 40_000);

        var error = Assert.Throws<KitConfigException>(() => KitConfig.Parse($"images:\n  path: {deep}\n"));

        Assert.Equal(2, error.Line);
        Assert.Contains("deeper than 100 levels", error.Message, StringComparison.Ordinal);
    }
}
