using Kit.Harness;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary>`kit render --out` as a real process: the repository is never written to, and --clean removes only kit's files.</summary>
public sealed class RenderOutputTests : IDisposable
{
    readonly TempDirectory work = new("kit-out");

    public RenderOutputTests()
    {
        SampleCopy.CopyTo(Repo);
        LibGit2Sharp.Repository.Init(Repo);
    }

    string Repo => work.Combine("repo");

    static Task<ProcessResult> KitAsync(string? workingDirectory, params string[] args) =>
        Processes.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "kit.dll"), .. args], workingDirectory: workingDirectory);

    /// <summary>--repo, --out and the working directory (relative to the test's folder) of kit render.</summary>
    public static TheoryData<string, string, string> OutputsTouchingTheRepository => new()
    {
        { "repo", "repo", "" },
        { ".", ".", "repo" },
        { "repo", "repo/generated", "" },
        { "repo", "repo/resources/../generated", "" },
        { "repo", "link-to-repo", "" },
        { "repo", "link-to-repo/generated", "" },
        { "repo", ".", "" },
        { "link-to-repo", "repo/clusters", "" },
    };

    [Theory]
    [MemberData(nameof(OutputsTouchingTheRepository))]
    public async Task An_output_folder_that_is_in_or_holds_the_repository_is_refused_before_anything_is_deleted(string repo, string output, string cwd)
    {
        Directory.CreateSymbolicLink(work.Combine("link-to-repo"), Repo);
        var before = Directory.GetFileSystemEntries(Repo, "*", SearchOption.AllDirectories).Length;

        var result = await KitAsync(work.Combine(cwd), "render", "--repo", repo, "--out", output, "--clean");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kit: --out ", line);
        Assert.Contains("--repo", line);
        Assert.True(Directory.Exists(Path.Combine(Repo, ".git")));
        Assert.Equal(before, Directory.GetFileSystemEntries(Repo, "*", SearchOption.AllDirectories).Length);
        File.Delete(work.Combine("link-to-repo"));
    }

    [Fact]
    public async Task Clean_removes_what_kit_rendered_before_and_nothing_else()
    {
        var output = work.Combine("out");
        Directory.CreateDirectory(Path.Combine(output, "notes"));
        File.WriteAllText(Path.Combine(output, "README.md"), "mine");
        File.WriteAllText(Path.Combine(output, "notes", "x.yaml"), "mine: true\n");
        Assert.Equal(0, (await KitAsync(null, "render", "--repo", Repo, "--out", output)).ExitCode);
        File.WriteAllText(Path.Combine(output, "dev-1", "mine.yaml"), "mine: true\n");
        Assert.True(File.Exists(Path.Combine(output, "staging-1", "hello-svc.yaml")));
        Directory.Delete(Path.Combine(Repo, "clusters", "staging-1"), recursive: true);

        var result = await KitAsync(null, "render", "--repo", Repo, "--out", output, "--clean");

        Assert.Equal(0, result.ExitCode);
        Assert.False(Directory.Exists(Path.Combine(output, "staging-1")));
        Assert.True(File.Exists(Path.Combine(output, "dev-1", "hello-svc.yaml")));
        Assert.Equal("mine", File.ReadAllText(Path.Combine(output, "README.md")));
        Assert.True(File.Exists(Path.Combine(output, "notes", "x.yaml")));
        Assert.True(File.Exists(Path.Combine(output, "dev-1", "mine.yaml")));
    }

    [Fact]
    public async Task A_folder_link_leaving_the_repository_fails_the_render_naming_it()
    {
        var outside = work.Combine("outside");
        Directory.Move(Path.Combine(Repo, "resources", "hello"), outside);
        Directory.CreateSymbolicLink(Path.Combine(Repo, "resources", "hello"), outside);

        var result = await KitAsync(null, "render", "--repo", Repo);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("'resources/hello' is a symbolic link that leaves the repository", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
        File.Delete(Path.Combine(Repo, "resources", "hello"));
    }

    public void Dispose() => work.Dispose();
}
