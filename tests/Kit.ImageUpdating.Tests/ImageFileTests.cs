namespace Kit.ImageUpdating.Tests;

public sealed class ImageFileTests
{
    const string File = "images/auth/main.yaml";
    static readonly DateTimeOffset Built = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Comments_key_order_and_formatting_survive_an_image_change()
    {
        const string before = """
            # The auth service's image on main.
            replicas:   3    # scaled for Black Friday
            image: registry.example.com/team/auth:1.0.0   # set by CI
            builtAt: 2026-11-01T00:00:00.0000000Z
            # trailing note
            """;

        var after = ImageFile.Write(before, "image", "registry.example.com/team/auth:1.1.0", Built, File);

        Assert.Equal("""
            # The auth service's image on main.
            replicas:   3    # scaled for Black Friday
            image: registry.example.com/team/auth:1.1.0   # set by CI
            builtAt: 2026-11-23T10:00:00.0000000Z
            # trailing note
            """, after);
    }

    [Fact]
    public void Missing_file_is_created_with_the_image_and_build_time()
    {
        var text = ImageFile.Write(null, "image", "registry.example.com/auth:2", Built, File);

        Assert.Equal("image: registry.example.com/auth:2\nbuiltAt: 2026-11-23T10:00:00.0000000Z\n", text);
        Assert.Equal(new ImageFileState("registry.example.com/auth:2", Built, false), ImageFile.Read(text, "image", File));
    }

    [Fact]
    public void Quoted_values_keep_their_quotes_and_missing_keys_are_appended()
    {
        var after = ImageFile.Write("tag: \"old:1\"\n", "tag", "registry.example.com/auth:2", null, File);

        Assert.Equal("tag: \"registry.example.com/auth:2\"\n", after);
        Assert.Equal("image: 'x/y:2'\n", ImageFile.Write("image: 'x/y:1'\n", "image", "x/y:2", null, File));
        Assert.Equal("replicas: 2 # keep\nimage: x/y:2\n", ImageFile.Write("replicas: 2 # keep", "image", "x/y:2", null, File));
    }

    [Fact]
    public void An_empty_value_is_filled_after_its_colon()
    {
        var after = ImageFile.Write("image:\nother: 1\n", "image", "x/y:2", null, File);

        Assert.Equal("image: x/y:2\nother: 1\n", after);
    }

    [Fact]
    public void Pinned_and_build_time_are_read()
    {
        var state = ImageFile.Read("image: x/y:1 # pinned by ops\npinned: true\nbuiltAt: 2026-11-23T10:00:00Z\n", "image", File);

        Assert.Equal(new ImageFileState("x/y:1", Built, true), state);
    }

    [Theory]
    [InlineData("- a\n- b\n", 1)]
    [InlineData("image: [unclosed\n", 2)]
    [InlineData("just text\n", 1)]
    public void A_file_that_is_not_a_mapping_is_refused_with_its_line(string text, int line)
    {
        var error = Assert.Throws<ImageUpdateException>(() => ImageFile.Write(text, "image", "x/y:2", null, File));

        Assert.Equal(File, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(File, error.Message, StringComparison.Ordinal);
    }

    /// <summary>An image file before and after its image is set to x/y:2: document markers, CRLF, nested images and flow style survive.</summary>
    public static TheoryData<string, string> ImageEdits { get; } = new()
    {
        { "---\nimage: x/y:1\n", "---\nimage: x/y:2\n" }, { "image: x/y:1", "image: x/y:2" }, { "image: x/y:1\r\nreplicas: 1\r\n", "image: x/y:2\r\nreplicas: 1\r\n" },
        { "sidecar:\n  image: other/z:9\n  limits: {cpu: 1}\nimage: x/y:1\n", "sidecar:\n  image: other/z:9\n  limits: {cpu: 1}\nimage: x/y:2\n" }, { "{image: x/y:1, replicas: 1}\n", "{image: x/y:2, replicas: 1}\n" },
    };

    [Theory]
    [MemberData(nameof(ImageEdits))]
    public void Only_the_top_level_image_scalar_changes(string before, string after) =>
        Assert.Equal(after, ImageFile.Write(before, "image", "x/y:2", null, File));

    [Fact]
    public void Forty_thousand_nested_brackets_in_an_image_file_are_an_error_with_line_and_limit_not_a_crash()
    {
        var deep = new string('[', 40_000) + new string(']', 40_000);

        var error = Assert.Throws<ImageUpdateException>(() => ImageFile.Read($"image: x\nother: {deep}\n", "image", "images/a/main.yaml"));

        Assert.Equal("images/a/main.yaml", error.File);
        Assert.Equal(2, error.Line);
        Assert.Contains("deeper than 100 levels", error.Message);
    }
}
