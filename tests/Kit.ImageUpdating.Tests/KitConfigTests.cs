using Kit.ImageUpdating;

namespace Kit.ImageUpdating.Tests;

public sealed class KitConfigTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("# nothing yet\n")]
    [InlineData("other: 1\n")]
    public void Missing_settings_mean_images_and_image(string? text) => Assert.Equal(KitConfig.Default, KitConfig.Parse(text));

    [Fact]
    public void Images_path_and_property_are_read()
    {
        var config = KitConfig.Parse("# kit settings\nimages:\n  path: deploy/images/\n  property: tag\n");

        Assert.Equal(new KitConfig("deploy/images", "tag"), config);
    }

    [Fact]
    public void An_unparsable_kit_yaml_names_the_file_and_line()
    {
        var error = Assert.Throws<ImageUpdateException>(() => KitConfig.Parse("images:\n  path: [a\n"));

        Assert.Equal("kit.yaml", error.File);
        Assert.NotNull(error.Line);
        Assert.StartsWith("kit.yaml does not parse", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../b")]
    [InlineData(".git")]
    public void An_images_path_outside_the_repository_is_refused(string path)
    {
        var error = Assert.Throws<ImageUpdateException>(() => KitConfig.Parse($"images:\n  path: {path}\n"));

        Assert.Contains("images.path", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Forty_thousand_nested_brackets_are_an_error_with_line_and_limit_not_a_crash()
    {
        var deep = new string('[', 40_000) + new string(']', 40_000);

        var kitYaml = Assert.Throws<ImageUpdateException>(() => KitConfig.Parse($"images:\n  path: {deep}\n"));
        var imageFile = Assert.Throws<ImageUpdateException>(() => ImageFile.Read($"image: x\nother: {deep}\n", "image", "images/a/main.yaml"));

        Assert.Equal(2, kitYaml.Line);
        Assert.Contains("deeper than 100 levels", kitYaml.Message);
        Assert.Equal("images/a/main.yaml", imageFile.File);
        Assert.Equal(2, imageFile.Line);
        Assert.Contains("deeper than 100 levels", imageFile.Message);
    }
}
