namespace Kit.Git.Tests;

public sealed class KitConfigTests
{
    public static TheoryData<string?> Empty { get; } = [null, "", "# nothing yet\n", "other: 1\n", "images:\nbase:\n"];

    [Theory]
    [MemberData(nameof(Empty))]
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

    /// <summary>A kit.yaml, and how its error starts.</summary>
    public static TheoryData<string, string> Refused { get; } = new()
    {
        { "images:\n  path: ../outside\n", "images.path '../outside' must be a folder inside the repository" },
        { "images:\n  path: a/../../b\n", "images.path 'a/../../b' must be a folder inside the repository" },
        { "images:\n  path: .git\n", "images.path '.git' must be a folder inside the repository" },
        { "images:\n  path: .\n", "images.path must be a folder inside the repository, not its root" },
        { "type:\n  path: /etc\n", "type.path '/etc' must be a folder inside the repository" },
        { "cluster:\n  path: x/.GIT/y\n", "cluster.path 'x/.GIT/y' must be a folder inside the repository" },
        { "plugin:\n  path: file-config\n  options: {configPath: ../../etc}\n", "plugin.options.configPath '../../etc' must be a folder inside the repository" },
        { "- a\n- b\n", "must be a mapping (base, images, type, cluster, resources)" },
        { "images: [a]\n", "images must be a mapping" },
        { "images:\n  path: [a, b]\n", "images.path must be a single value" },
        { "images:\n  property: \"a\\nb\"\n", "images.property must be a key name" },
        { "plugin:\n  path: plugins/vault\n", "env plugin 'plugins/vault' is not supported" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void A_folder_outside_the_repository_or_a_wrong_shape_is_refused_saying_what_is_wrong(string text, string says)
    {
        var error = Assert.Throws<KitConfigException>(() => KitConfig.Parse(text));

        Assert.StartsWith(says, error.Message, StringComparison.Ordinal);
        Assert.Equal("kit.yaml", error.File);
        Assert.NotNull(error.Line);
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
