using Kit.Harness;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary>The installed command's contract: one-line errors with exit code 2, help with examples, a version.</summary>
public sealed class UsageTests
{
    static async Task<(int Exit, string Output, string Error)> KitAsync(params string[] args)
    {
        var result = await Processes.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "kit.dll"), .. args]);
        return (result.ExitCode, result.Output, result.Error);
    }

    [Theory]
    [InlineData(new[] { "nonsense" }, "kit: ", "'nonsense'")]
    [InlineData(new[] { "publish" }, "kit publish: ", "Required command was not provided")]
    [InlineData(new[] { "demo", "--clusters", "many" }, "kit demo: ", "'many'")]
    [InlineData(new[] { "publish", "image-built", "--bogus" }, "kit publish image-built: ", "'--bogus'")]
    public async Task A_usage_error_is_one_line_naming_the_command_with_exit_code_two(string[] args, string prefix, string detail)
    {
        var (exit, output, error) = await KitAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(prefix, line);
        Assert.Contains(detail, line);
    }

    [Theory]
    [InlineData("render")]
    [InlineData("deploy")]
    [InlineData("diff")]
    public async Task A_cluster_that_does_not_exist_is_a_usage_error_naming_it(string command)
    {
        using var kubeconfigs = new TempDirectory();
        var samples = RepositoryRoot.Combine("samples");
        using var origin = BareGitRepository.Create(Directory.EnumerateFiles(samples, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(samples, f).Replace('\\', '/'), File.ReadAllText));
        string[] args = command == "render"
            ? ["render", "--repo", samples, "--cluster", "nope"]
            : [command, "--repo", origin.Path, "--kubeconfigs", kubeconfigs.Path, "--cluster", "nope"];

        var (exit, _, error) = await KitAsync(args);

        Assert.Equal(ExitCodes.Usage, exit);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no cluster named nope", line);
        Assert.Contains("prod-1", line);
    }

    [Theory]
    [InlineData("up")]
    [InlineData("demo")]
    [InlineData("render")]
    [InlineData("status")]
    [InlineData("deploy")]
    [InlineData("diff")]
    [InlineData("rollback")]
    public async Task Every_command_has_help_with_an_example(string command)
    {
        var (exit, output, _) = await KitAsync(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains($"Example: kit {command}", output);
        Assert.Contains($"kit {command}", output[output.IndexOf("Usage:", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task The_version_is_the_package_version()
    {
        var (exit, output, _) = await KitAsync("--version");

        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", output.Trim());
    }
}
