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
    [InlineData("up")]
    [InlineData("demo")]
    [InlineData("render")]
    [InlineData("status")]
    [InlineData("deploy")]
    [InlineData("diff")]
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
