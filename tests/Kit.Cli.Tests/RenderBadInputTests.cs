using Kit.Harness;
using Kit.Testing;
using LibGit2Sharp;

namespace Kit.Cli.Tests;

/// <summary>
/// `kit render` as an installed process on bad input: exit code 1 (2 for a bad setting), one error line naming
/// the file and line, no stack trace, and the clusters the input does not concern still rendered.
/// </summary>
public sealed class RenderBadInputTests : IDisposable
{
    readonly TempDirectory repo = new("kit-bad-input");

    public RenderBadInputTests() => SampleCopy.CopyTo(repo.Path);

    public void Dispose() => repo.Dispose();

    void Write(string path, string text) => File.WriteAllText(Path.Combine(repo.Path, path), text);

    void UseResource(string cluster, string file) =>
        Write($"clusters/{cluster}/cluster.yaml", $"kind: ClusterNamespace\nmetadata:\n  name: {cluster}\n  type: dev\nresources:\n  extra:\n    file: ./{file}\n");

    async Task<ProcessResult> RenderAsync(IReadOnlyDictionary<string, string?>? environment = null, params string[] extra)
    {
        var result = await Processes.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "kit.dll"), "render", "--repo", repo.Path, .. extra],
            TimeSpan.FromSeconds(120),
            environment: environment);
        Assert.DoesNotContain("   at ", result.All);
        Assert.DoesNotContain("Exception", result.All);
        return result;
    }

    /// <summary>The one line of standard error that starts with <paramref name="prefix"/> (the others are the summary).</summary>
    static string ErrorLine(ProcessResult result, string prefix)
    {
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => !l.StartsWith("rendered ", StringComparison.Ordinal));
        return Assert.Single(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Forty_thousand_nested_brackets_exit_one_with_one_line_not_a_crash()
    {
        Write("resources/deep.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n  x: " + new string('[', 40_000) + new string(']', 40_000) + "\n");
        UseResource("dev-1", "deep.yaml");

        var result = await RenderAsync();

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        Assert.Contains("deeper than 100 levels", ErrorLine(result, "resources/deep.yaml:6: cluster dev-1, resource extra: "));
        Assert.Contains("# prod-1/", result.Output);
        Assert.DoesNotContain("# dev-1/", result.Output);
    }

    [Fact]
    public async Task An_output_over_the_limit_fails_and_the_setting_raises_the_limit()
    {
        Write("resources/big.sbn", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\ndata:\n  x: \"{{ for i in 1..5 }}{{ for j in 1..10000 }}" + string.Concat(Enumerable.Repeat("0123456789", 10)) + "{{ end }}{{ end }}\"\n");
        UseResource("dev-1", "big.sbn");

        var refused = await RenderAsync(extra: ["--cluster", "dev-1"]);
        var raised = await RenderAsync(new Dictionary<string, string?> { ["Kit__Rendering__MaxOutputBytes"] = "8388608" }, "--cluster", "dev-1");

        Assert.Equal(ExitCodes.Failed, refused.ExitCode);
        var line = ErrorLine(refused, "resources/big.sbn:");
        Assert.Contains("cluster dev-1, resource extra: ", line);
        Assert.Contains("larger than 4 MiB (Kit__Rendering__MaxOutputBytes", line);
        Assert.Equal(ExitCodes.Ok, raised.ExitCode);
        Assert.Contains(new string('9', 1) + "\"", raised.Output);
        Assert.True(raised.Output.Length > 5_000_000);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0")]
    public async Task An_invalid_output_limit_is_one_line_naming_the_setting_with_exit_code_two(string value)
    {
        var result = await RenderAsync(new Dictionary<string, string?> { ["Kit__Rendering__MaxOutputBytes"] = value });

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("kit: Kit__Rendering__MaxOutputBytes ", line);
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("diff")]
    public async Task Deploy_and_diff_read_the_output_limit_and_refuse_a_bad_one_before_touching_anything(string command)
    {
        var result = await Processes.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "kit.dll"), command, "--repo", repo.Path, "--kubeconfigs", Path.Combine(repo.Path, "none")],
            environment: new Dictionary<string, string?> { ["Kit__Rendering__MaxOutputBytes"] = "-5" });

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"kit {command}: Kit__Rendering__MaxOutputBytes must be a number of bytes from 1024 to 2147483647, not -5", result.Error.Trim());
    }

    [Fact]
    public async Task A_malformed_type_file_fails_only_the_clusters_of_its_type()
    {
        Write("type/staging-var.yaml", "kind: ResourceConfig\nmetadata:\n  type: [staging\n");

        var result = await RenderAsync();

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var line = ErrorLine(result, "type/staging-var.yaml:");
        Assert.Contains(": cluster staging-1: malformed YAML", line);
        Assert.Contains("# dev-1/", result.Output);
        Assert.Contains("# prod-1/", result.Output);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Invalid_utf8_is_one_line_naming_file_and_line(bool fromGit)
    {
        File.WriteAllBytes(Path.Combine(repo.Path, "clusters/dev-1/cluster.yaml"), [.. "kind: ClusterNamespace\nmetadata:\n  name: dev-1 # caf"u8, 0xE9, .. "\n  type: dev\n"u8]);
        if (fromGit)
        {
            Repository.Init(repo.Path);
            using var git = new Repository(repo.Path);
            LibGit2Sharp.Commands.Stage(git, "*");
            var signature = new Signature("kit test", "test@example.com", DateTimeOffset.UtcNow);
            git.Commit("bad bytes", signature, signature);
        }

        var result = await RenderAsync(extra: fromGit ? ["--ref", "HEAD"] : []);

        Assert.Equal(ExitCodes.Failed, result.ExitCode);
        var line = ErrorLine(result, "clusters/dev-1/cluster.yaml:3: cluster dev-1: ");
        Assert.Contains("not valid UTF-8", line);
        Assert.Contains("# prod-1/", result.Output);
    }
}
