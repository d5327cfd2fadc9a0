using System.Text.Json;
using System.Text.RegularExpressions;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary>The conventions of kubectl, argocd and flux: help with no arguments, kit help, kit version, one way to write defaults.</summary>
public sealed partial class CliConventionTests
{
    static readonly string[] Commands = ["publish", "publish image-built", "up", "demo", "render", "deploy", "diff", "rollback", "status", "help", "version", "completion"];

    static async Task<ProcessResult> KitAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        await Processes.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "kit.dll"), .. args], environment: environment);

    static Task<ProcessResult> KitAsync(params string[] args) => KitAsync(null, args);

    [Fact]
    public async Task Kit_without_arguments_prints_the_help_and_succeeds()
    {
        var result = await KitAsync();

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal("", result.Error);
        Assert.Contains("Usage:", result.Output);
        Assert.Contains("Commands:", result.Output);
        Assert.Equal((await KitAsync("--help")).Output, result.Output);
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("publish image-built")]
    public async Task Kit_help_command_prints_what_command_help_prints(string command)
    {
        var words = command.Split(' ');

        var help = await KitAsync(["help", .. words]);
        var flag = await KitAsync([.. words, "--help"]);

        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        Assert.Contains($"kit {command}", help.Output);
        Assert.Equal(flag.Output, help.Output);
    }

    [Fact]
    public async Task Kit_help_of_a_command_kit_lacks_is_a_usage_error()
    {
        var result = await KitAsync("help", "deploi");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no command 'deploi'", result.Error);
    }

    [Fact]
    public async Task Kit_version_prints_version_commit_and_runtime_as_text_json_and_yaml()
    {
        var text = await KitAsync("version");
        var json = await KitAsync("version", "-o", "json");
        var yaml = await KitAsync("version", "-o", "yaml");

        Assert.Equal(ExitCodes.Ok, text.ExitCode);
        Assert.Matches(@"^kit \d+\.\d+\.\d+( \(commit [0-9a-f]+\))?, \.NET \d+\.\d+\.\d+.*, [a-z]+-[a-z0-9]+$", text.Output.Trim());
        using var document = JsonDocument.Parse(json.Output);
        var version = document.RootElement.GetProperty("version").GetString()!;
        Assert.Matches(@"^\d+\.\d+\.\d+", version);
        Assert.StartsWith(".NET ", document.RootElement.GetProperty("runtime").GetString());
        Assert.Contains($"kit {version}", text.Output);
        Assert.Contains($"version: {version}", yaml.Output);
        Assert.Contains("runtime: .NET ", yaml.Output);
    }

    [Fact]
    public async Task Every_default_in_every_help_is_written_one_way()
    {
        foreach (var command in Commands)
        {
            var help = await KitAsync([.. command.Split(' '), "--help"]);

            Assert.Equal(ExitCodes.Ok, help.ExitCode);
            var options = help.Output[help.Output.IndexOf("Options:", StringComparison.Ordinal)..];
            Assert.DoesNotMatch(OtherDefault(), options);
            foreach (Match written in Regex.Matches(options, @"\[default: [^\]]*\]"))
            {
                Assert.EndsWith(written.Value, options[..(options.IndexOf('\n', written.Index) is var end and >= 0 ? end : options.Length)].TrimEnd());
            }
        }
    }

    [Fact]
    public async Task Help_names_the_environment_variable_of_a_default_and_never_prints_its_value()
    {
        var secret = "amqp://kit:s3cret-Pa55@broker:5672/";
        var environment = new Dictionary<string, string?> { ["ConnectionStrings__RabbitMq"] = secret, ["Kit__Repository__Url"] = "https://kit:t0ken@git.example.com/d.git" };

        var publish = await KitAsync(environment, "publish", "image-built", "--help");
        var up = await KitAsync(environment, "help", "up");

        Assert.Contains("[default: $ConnectionStrings__RabbitMq]", publish.Output);
        Assert.Contains("[default: $Kit__Repository__Url]", up.Output);
        Assert.DoesNotContain("s3cret", publish.Output + up.Output);
        Assert.DoesNotContain("t0ken", publish.Output + up.Output);
    }

    /// <summary>A default written another way: "(default: x)", "(default x)", "; default x", "Default: x".</summary>
    [GeneratedRegex(@"\(default|; default |Default:")]
    private static partial Regex OtherDefault();
}
