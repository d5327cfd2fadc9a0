using Kit.Harness;
using Kit.Testing;

namespace Kit.Install.Tests;

/// <summary>kit as a .NET tool: packed, installed from the package, and run by its command name.</summary>
public sealed class DotnetToolTests
{
    [Fact]
    public async Task The_package_installs_a_kit_command_that_runs()
    {
        using var temp = new TempDirectory("kit-tool");
        var packages = temp.Combine("nupkg");
        var tools = temp.Combine("tools");

        var pack = await Processes.RunAsync("dotnet", ["pack", RepositoryRoot.Combine("tools", "Kit.Cli", "Kit.Cli.csproj"), "-c", "Release", "--no-build", "-o", packages, "-nologo"], TimeSpan.FromMinutes(3));
        Assert.True(pack.ExitCode == 0, pack.All);
        var install = await Processes.RunAsync("dotnet", ["tool", "install", "--tool-path", tools, "--add-source", packages, "Kit.Cli"], TimeSpan.FromMinutes(3));
        Assert.True(install.ExitCode == 0, install.All);

        var version = await Processes.RunAsync(Path.Combine(tools, "kit"), ["--version"]);
        var help = await Processes.RunAsync(Path.Combine(tools, "kit"), ["--help"]);

        Assert.True(version.ExitCode == 0, version.All);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Output.Trim());
        Assert.Contains("demo", help.Output);
        Assert.Contains("Usage:", help.Output);
        Assert.Contains("kit [command]", help.Output);
    }
}
