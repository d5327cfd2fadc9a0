using Kit.Harness;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary><c>kit completion</c>: the bash script, sourced in a real bash, completes commands, flags and flag values.</summary>
public sealed class CompletionTests
{
    static async Task<ProcessResult> KitAsync(params string[] args) =>
        await Processes.RunAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "kit.dll"), .. args]);

    /// <summary>What the bash script offers for the words typed so far (the last one being completed).</summary>
    static async Task<string[]> CompleteAsync(string script, params string[] words)
    {
        var array = string.Join(' ', words.Select(w => $"'{w}'"));
        var run = await Processes.RunAsync("bash", ["-c", $"source '{script}' && COMP_WORDS=({array}) && COMP_CWORD={words.Length - 1} && _kit && printf '%s\\n' \"${{COMPREPLY[@]}}\""]);
        Assert.True(run.ExitCode == 0, run.All);
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public async Task The_bash_script_completes_commands_subcommands_flags_and_flag_values()
    {
        using var temp = new TempDirectory();
        var generated = await KitAsync("completion", "bash");
        Assert.Equal(ExitCodes.Ok, generated.ExitCode);
        var script = temp.Combine("kit.bash");
        await File.WriteAllTextAsync(script, generated.Output);

        Assert.Equal(["render", "rollback"], (await CompleteAsync(script, "kit", "r")).Order());
        Assert.Contains("completion", await CompleteAsync(script, "kit", ""));
        Assert.Equal(["image-built"], await CompleteAsync(script, "kit", "publish", ""));
        Assert.Equal(["--out", "--output"], (await CompleteAsync(script, "kit", "render", "--repo", ".", "--ou")).Order());
        Assert.Equal(["json", "wide", "yaml"], (await CompleteAsync(script, "kit", "status", "-o", "")).Order());
        Assert.Equal(["always", "auto", "never"], (await CompleteAsync(script, "kit", "diff", "--color", "")).Order());
        Assert.Equal(["bash", "fish", "zsh"], (await CompleteAsync(script, "kit", "completion", "")).Order());
        Assert.Contains("--kubeconfig", await CompleteAsync(script, "kit", "deploy", "--kube"));
        Assert.Contains("--image", await CompleteAsync(script, "kit", "publish", "image-built", "--"));
        Assert.DoesNotContain("--output", await CompleteAsync(script, "kit", "deploy", "--"));

        // A flag that takes a path completes files.
        await File.WriteAllTextAsync(temp.Combine("cluster-config.yaml"), "");
        Assert.Equal([temp.Combine("cluster-config.yaml")], await CompleteAsync(script, "kit", "diff", "--kubeconfig", temp.Combine("cluster-c")));
    }

    [Fact]
    public async Task The_zsh_and_fish_scripts_name_every_command_and_flag()
    {
        var zsh = await KitAsync("completion", "zsh");
        var fish = await KitAsync("completion", "fish");

        Assert.Equal(ExitCodes.Ok, zsh.ExitCode);
        Assert.Contains("bashcompinit", zsh.Output);
        Assert.Contains("complete -F _kit kit", zsh.Output);
        Assert.Equal(ExitCodes.Ok, fish.ExitCode);
        Assert.Contains("complete -c kit -n '__fish_use_subcommand' -a render", fish.Output);
        Assert.Contains("complete -c kit -n '__fish_seen_subcommand_from status' -l output -s o -x -a 'json wide yaml'", fish.Output);
        Assert.Contains("complete -c kit -n '__fish_seen_subcommand_from diff' -l kubeconfig -r -F", fish.Output);
        Assert.Contains("complete -c kit -n '__fish_seen_subcommand_from diff' -l help -s h -d ", fish.Output);
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        var result = await KitAsync("completion", "powershell");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("powershell", result.Error);
    }
}
