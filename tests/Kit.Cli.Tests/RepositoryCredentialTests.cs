using System.Diagnostics;
using System.Text;
using Kit.Harness;
using Kit.Testing;

namespace Kit.Cli.Tests;

/// <summary>The installed command never prints a git password, and refuses to send one over plain http unless allowed.</summary>
public sealed class RepositoryCredentialTests
{
    const string Password = "s3cr3t-pw";

    /// <summary>
    /// Runs kit with extra environment variables until it exits, all of <paramref name="until"/> appear in what it
    /// printed, or the time is up (then it is stopped); returns the exit code (null when stopped) and all it printed.
    /// </summary>
    static async Task<(int? Exit, string Printed)> KitAsync(string[] args, IDictionary<string, string> environment, string[]? until = null, double seconds = 60)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "kit.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in new[] { "Kit__Repository__Url", "Kit__Repository__Username", "Kit__Repository__Password", "Kit__Repository__AllowInsecureHttp" })
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var printed = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(seconds) && (until is null || !until.All(u => Printed().Contains(u, StringComparison.Ordinal))))
        {
            await Task.Delay(100);
        }

        int? exit = null;
        if (process.HasExited)
        {
            await process.WaitForExitAsync();
            exit = process.ExitCode;
        }
        else
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return (exit, Printed());

        void Append(string? line)
        {
            if (line is not null)
            {
                lock (printed)
                {
                    printed.AppendLine(line);
                }
            }
        }

        string Printed()
        {
            lock (printed)
            {
                return printed.ToString();
            }
        }
    }

    [Fact]
    public async Task Kit_up_prints_and_logs_the_repository_without_its_password()
    {
        using var origin = BareGitRepository.Create(SampleFiles());
        using var server = GitHttpServer.Start(origin.Root, "ci", Password);
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("kubeconfigs"));
        var url = server.Url(origin.Name).Replace("http://", $"http://ci:{Password}@", StringComparison.Ordinal);
        var masked = server.Url(origin.Name).Replace("http://", "http://***@", StringComparison.Ordinal);
        var (_, printed) = await KitAsync(
            ["up", "--repo", url, "--kubeconfigs", temp.Combine("kubeconfigs"), "--port", FreePort(), "--poll", "0.5",
             "--tracker", $"Data Source={temp.Combine("tracker.db")}"],
            new Dictionary<string, string>
            {
                ["Kit__Repository__WorkDirectory"] = temp.Combine("work"),
                ["Kit__Repository__AllowInsecureHttp"] = "true",
                ["XDG_DATA_HOME"] = temp.Combine("data"),
            },
            until: ["kit: up;"],
            seconds: 45);

        Assert.Contains($"kit: up; deploying {masked}", printed);
        Assert.DoesNotContain(Password, printed);
    }

    [Fact]
    public async Task Kit_up_names_an_unreachable_repository_without_its_password()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("kubeconfigs"));
        var (exit, printed) = await KitAsync(
            ["up", "--repo", $"https://ci:{Password}@127.0.0.1:1/deployments.git", "--kubeconfigs", temp.Combine("kubeconfigs"), "--port", FreePort(),
             "--tracker", $"Data Source={temp.Combine("tracker.db")}"],
            new Dictionary<string, string> { ["Kit__Repository__WorkDirectory"] = temp.Combine("work") },
            seconds: 45);

        Assert.Equal(ExitCodes.Unreachable, exit);
        Assert.Contains("https://***@127.0.0.1:1/deployments.git", printed);
        Assert.DoesNotContain(Password, printed);
    }

    static Dictionary<string, string> SampleFiles() =>
        Directory.EnumerateFiles(RepositoryRoot.Combine("samples"), "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(RepositoryRoot.Combine("samples"), f).Replace('\\', '/'), File.ReadAllText);

    static string FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Theory]
    [InlineData("up", true)]
    [InlineData("up", false)]
    [InlineData("deploy", true)]
    [InlineData("deploy", false)]
    [InlineData("diff", true)]
    [InlineData("render", true)]
    [InlineData("render", false)]
    public async Task A_password_over_plain_http_is_refused_in_one_line_with_exit_code_two(string command, bool inUrl)
    {
        using var temp = new TempDirectory();
        var url = inUrl ? $"http://ci:{Password}@127.0.0.1:1/deployments.git" : "http://127.0.0.1:1/deployments.git";
        var environment = new Dictionary<string, string> { ["Kit__Repository__WorkDirectory"] = temp.Path };
        if (!inUrl)
        {
            environment["Kit__Repository__Username"] = "ci";
            environment["Kit__Repository__Password"] = Password;
        }

        string[] args = command == "render" ? ["render", "--repo", url] : [command, "--repo", url, "--kubeconfigs", temp.Path, .. command == "up" ? ["--port", FreePort()] : Array.Empty<string>()];
        var (exit, printed) = await KitAsync(args, environment, seconds: 45);

        Assert.Equal(ExitCodes.Usage, exit);
        var line = Assert.Single(printed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains("Kit__Repository__AllowInsecureHttp", line);
        Assert.DoesNotContain(Password, printed);
    }

    [Fact]
    public async Task With_the_setting_a_password_over_plain_http_is_used()
    {
        using var origin = BareGitRepository.Create(SampleFiles());
        using var server = GitHttpServer.Start(origin.Root, "ci", Password);
        using var temp = new TempDirectory();
        var url = server.Url(origin.Name).Replace("http://", $"http://ci:{Password}@", StringComparison.Ordinal);

        var (exit, printed) = await KitAsync(
            ["render", "--repo", url],
            new Dictionary<string, string> { ["Kit__Repository__WorkDirectory"] = temp.Path, ["Kit__Repository__AllowInsecureHttp"] = "true" });

        Assert.True(exit == ExitCodes.Ok, printed);
        Assert.Contains("kind: Deployment", printed);
        Assert.DoesNotContain(Password, printed);
    }
}
