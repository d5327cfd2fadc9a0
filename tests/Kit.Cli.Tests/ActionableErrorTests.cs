using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Kit.Harness;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary>
/// Wrong flags, settings and servers, through the installed command: exit code, one line that says what to change,
/// no stack trace.
/// </summary>
public sealed class ActionableErrorTests
{
    static async Task<(int Exit, string Output, string Error)> KitAsync(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kit.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The test runner's own settings must not decide the outcome.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("Kit__", StringComparison.Ordinal) || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"kit {string.Join(' ', args)} still ran after 90 s: {await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    static Task<(int Exit, string Output, string Error)> KitAsync(params string[] args) => KitAsync(null, args);

    static string OneLine(int expectedExit, (int Exit, string Output, string Error) result)
    {
        var all = result.Output + result.Error;
        Assert.True(expectedExit == result.Exit, $"exit {result.Exit}, not {expectedExit}: {all}");
        Assert.DoesNotContain("   at ", all);
        Assert.DoesNotContain("Exception", all);
        return Assert.Single(all.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    static string[] Up(TempDirectory folder, BareGitRepository repository, params string[] more)
    {
        Directory.CreateDirectory(folder.Combine("kubeconfigs"));
        return ["up", "--repo", repository.Path, "--kubeconfigs", folder.Combine("kubeconfigs"), "--tracker", $"Data Source={folder.Combine("tracker.db")}", .. more];
    }

    static BareGitRepository Repository() => BareGitRepository.Create(new Dictionary<string, string> { ["kit.yaml"] = "images: {}\n" });

    [Fact]
    public async Task Kit_up_on_a_port_in_use_names_the_port_and_the_flag()
    {
        using var folder = new TempDirectory();
        using var repository = Repository();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var line = OneLine(ExitCodes.Usage, await KitAsync(Up(folder, repository, "--port", port.ToString())));

        Assert.Equal($"kit: port {port} on 127.0.0.1 is in use: give --port another port", line);
    }

    [Theory]
    [InlineData("Kit__Deployer__Concurrency", "0", "kit: Kit__Deployer__Concurrency must be between 1 and 1024, not 0")]
    [InlineData("Kit__Deployer__Concurrency", "abc", "kit: Kit__Deployer__Concurrency must be a whole number, not abc")]
    [InlineData("Kit__Tracker__DeadlineSeconds", "0", "kit: Kit__Tracker__DeadlineSeconds must be between 1 and 604800, not 0")]
    [InlineData("Kit__Slack__MaxAttempts", "50", "kit: Kit__Slack__MaxAttempts must be between 1 and 20, not 50")]
    [InlineData("Kit__Bus__RetryLimit", "-1", "kit: Kit__Bus__RetryLimit must be between 0 and 20, not -1")]
    [InlineData("Kit__ImageDeployer__PushRetries", "1000", "kit: Kit__ImageDeployer__PushRetries must be between 0 and 100, not 1000")]
    [InlineData("Kit__Deployer__Prune", "maybe", "kit: Kit__Deployer__Prune must be true or false, not maybe")]
    public async Task Kit_up_with_a_wrong_setting_names_the_key_the_value_and_the_rule(string key, string value, string expected)
    {
        using var folder = new TempDirectory();
        using var repository = Repository();

        var line = OneLine(ExitCodes.Usage, await KitAsync(new Dictionary<string, string> { [key] = value }, Up(folder, repository, "--port", "1")));

        Assert.Equal(expected, line);
    }

    [Theory]
    [InlineData("deploy", "0", "kit deploy: Kit__Deployer__Concurrency must be between 1 and 1024, not 0")]
    [InlineData("deploy", "abc", "kit deploy: Kit__Deployer__Concurrency must be a whole number, not abc")]
    [InlineData("diff", "2000", "kit diff: Kit__Deployer__Concurrency must be between 1 and 1024, not 2000")]
    public async Task Kit_deploy_with_a_wrong_setting_names_the_key_the_value_and_the_rule(string command, string value, string expected)
    {
        using var folder = new TempDirectory();
        using var repository = Repository();

        var line = OneLine(ExitCodes.Usage, await KitAsync(
            new Dictionary<string, string> { ["Kit__Deployer__Concurrency"] = value },
            command, "--repo", repository.Path, "--kubeconfigs", folder.Path));

        Assert.Equal(expected, line);
    }

    [Theory]
    [InlineData("--poll", "abc", "kit up: --poll must be a number of seconds from 0 to 86400, not 'abc' (see kit up --help)")]
    [InlineData("--poll", "-1", "kit up: --poll must be a number of seconds from 0 to 86400, not '-1' (see kit up --help)")]
    [InlineData("--poll", "1e9", "kit up: --poll must be a number of seconds from 0 to 86400, not '1e9' (see kit up --help)")]
    [InlineData("--port", "0", "kit up: --port must be a TCP port from 1 to 65535, not '0' (see kit up --help)")]
    [InlineData("--port", "70000", "kit up: --port must be a TCP port from 1 to 65535, not '70000' (see kit up --help)")]
    public async Task Kit_up_with_a_wrong_flag_value_names_the_flag(string flag, string value, string expected)
    {
        var line = OneLine(ExitCodes.Usage, await KitAsync("up", "--repo", "x", "--kubeconfigs", "y", flag, value));

        Assert.Equal(expected, line);
    }

    [Theory]
    [InlineData("render", "git://127.0.0.1:1/x", "kit: cannot reach the deployments repository git://127.0.0.1:1/x: ")]
    [InlineData("deploy", "git://127.0.0.1:1/x", "kit deploy: cannot reach the deployments repository git://127.0.0.1:1/x: ")]
    [InlineData("diff", "git://127.0.0.1:1/x", "kit diff: cannot reach the deployments repository git://127.0.0.1:1/x: ")]
    [InlineData("render", "http://127.0.0.1:1/x", "kit: cannot reach the deployments repository http://127.0.0.1:1/x: ")]
    [InlineData("up", "http://127.0.0.1:1/x", "kit: cannot reach the deployments repository http://127.0.0.1:1/x: ")]
    public async Task An_unreachable_git_server_exits_three_with_one_line(string command, string url, string expected)
    {
        using var folder = new TempDirectory();
        string[] args = command == "render" ? [command, "--repo", url]
            : [command, "--repo", url, "--kubeconfigs", folder.Path, .. command == "up" ? new[] { "--port", "1", "--tracker", $"Data Source={folder.Combine("t.db")}" } : []];

        var line = OneLine(ExitCodes.Unreachable, await KitAsync(new Dictionary<string, string> { ["Kit__Repository__WorkDirectory"] = folder.Combine("work") }, args));

        Assert.StartsWith(expected, line);
    }

    [Fact]
    public async Task Kit_up_with_an_unreachable_broker_exits_three_with_one_line_and_no_stack_trace()
    {
        using var folder = new TempDirectory();
        using var repository = Repository();

        var (exit, output, error) = await KitAsync(
            new Dictionary<string, string> { ["Kit__Bus__StartTimeoutSeconds"] = "2" },
            Up(folder, repository, "--port", "1", "--rabbitmq", "amqp://guest:secret-password@127.0.0.1:1/"));

        Assert.True(exit == ExitCodes.Unreachable, $"exit {exit}: {output}{error}");
        Assert.DoesNotContain("   at ", output + error);
        Assert.DoesNotContain("secret-password", output + error);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("kit: cannot reach the broker at amqp://127.0.0.1:1/ within 2 s (Kit__Bus__StartTimeoutSeconds): ", line);
    }

    [Fact]
    public async Task Kit_up_on_a_folder_that_is_no_repository_exits_two_with_one_line()
    {
        using var folder = new TempDirectory();

        var line = OneLine(ExitCodes.Usage, await KitAsync("up", "--repo", folder.Combine("nothing-here"), "--kubeconfigs", folder.Path, "--port", "1"));

        Assert.StartsWith($"kit: cannot read the deployments repository {folder.Combine("nothing-here")}: ", line);
    }

    [Fact]
    public async Task An_unreachable_tracker_is_one_line_even_when_the_output_is_piped()
    {
        // Piped output has no width: Spectre used to wrap this line at 80 columns.
        var line = OneLine(ExitCodes.Unreachable, await KitAsync("status", "--tracker", "http://127.0.0.1:1/a/path/long/enough/to/pass/eighty/columns"));

        Assert.StartsWith("kit: cannot reach the tracker at http://127.0.0.1:1/a/path/long/enough/to/pass/eighty/columns/: ", line);
    }

    [Theory]
    [InlineData("1234567", "kit: 1234567 is too short for a deployment id: give at least its first 8 characters")]
    [InlineData("zz345678", "kit: zz345678 is not a deployment id: give the id or at least its first 8 characters, as the logs print it")]
    public async Task A_deployment_id_that_cannot_be_one_is_refused_before_asking_the_tracker(string id, string expected)
    {
        var line = OneLine(ExitCodes.Usage, await KitAsync("status", id, "--tracker", "http://127.0.0.1:1"));

        // kit status also takes a cluster name: the line then says why it could not be looked up as one either.
        Assert.StartsWith(expected, line);
        Assert.Contains("cluster", line[expected.Length..], StringComparison.Ordinal);
    }
}
