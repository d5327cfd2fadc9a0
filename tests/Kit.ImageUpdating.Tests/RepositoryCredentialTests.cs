using Kit.Harness;
using Kit.Hosting;
using Kit.Testing;

namespace Kit.ImageUpdating.Tests;

/// <summary>Git credentials never reach a log, an error or an event, and never cross the network in clear text unless allowed.</summary>
public sealed class RepositoryCredentialTests
{
    const string Password = "s3cr3t-pw";

    [Fact]
    public void The_image_deployer_does_not_start_with_a_password_over_plain_http()
    {
        using var work = new TempDirectory();
        using var app = ImageDeployerHost.Build(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = $"http://ci:{Password}@127.0.0.1:1/d.git",
            ["Kit:Repository:WorkDirectory"] = work.Path,
            ["Kit:ImageDeployer:PollSeconds"] = "0",
        });

        Assert.False(KitApplication.TryValidate(app.Services, out var error));
        Assert.Contains("Kit__Repository__AllowInsecureHttp", error);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain(Password, error);
    }

    [Fact]
    public async Task The_image_deployer_logs_no_password_when_its_repository_fails()
    {
        using var work = new TempDirectory();
        var logs = new LogCapture();
        await using var app = ImageDeployerHost.Build(new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = $"https://ci:{Password}@127.0.0.1:1/d.git",
            ["Kit:Repository:WorkDirectory"] = work.Path,
            ["Kit:ImageDeployer:PollSeconds"] = "0.2",
        }, logs);
        await app.StartAsync();
        try
        {
            await Eventually.HoldsAsync(() => logs.Lines.Any(l => l.Contains("Polling", StringComparison.Ordinal)), TimeSpan.FromSeconds(10));
        }
        finally
        {
            await app.StopAsync();
        }

        Assert.Contains(logs.Lines, l => l.Contains("Polling", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains(Password, StringComparison.Ordinal));
    }
}
