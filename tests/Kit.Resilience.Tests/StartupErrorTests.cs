using System.Net;
using System.Net.Sockets;
using Kit.Harness;

namespace Kit.Resilience.Tests;

/// <summary>Each service stops at start on a wrong setting or a taken port with one line saying what to change.</summary>
public sealed class StartupErrorTests
{
    const string Broker = "amqp://guest:guest@127.0.0.1:5672/";

    [Theory]
    [InlineData("Kit.Deployer", "Kit__Deployer__Concurrency", "0", "Kit__Deployer__Concurrency must be between 1 and 1024, not 0")]
    [InlineData("Kit.Deployer", "Kit__Deployer__Concurrency", "lots", "Kit__Deployer__Concurrency must be a whole number, not lots")]
    [InlineData("Kit.ImageDeployer", "Kit__ImageDeployer__PollSeconds", "-1", "Kit__ImageDeployer__PollSeconds must be between 0 and 86400, not -1")]
    [InlineData("Kit.Deploymentizer", "Kit__Bus__RetryLimit", "99", "Kit__Bus__RetryLimit must be between 0 and 20, not 99")]
    [InlineData("Kit.Tracker", "Kit__Tracker__CheckIntervalSeconds", "0", "Kit__Tracker__CheckIntervalSeconds must be between 0.05 and 3600, not 0")]
    [InlineData("Kit.Notifier", "Kit__Slack__TimeoutSeconds", "1000", "Kit__Slack__TimeoutSeconds must be between 1 and 300, not 1000")]
    public async Task A_wrong_setting_stops_the_service_with_one_line_naming_key_value_and_rule(string service, string key, string value, string expected)
    {
        using var folder = new TempDirectory();
        var settings = Settings(folder);
        settings[key] = value;
        using var process = ServiceProcess.Start(service, service, settings);

        var exit = await process.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 2, $"exit {exit?.ToString() ?? "none (still running)"}: {string.Join('\n', process.Output)}");
        await Task.Delay(200); // the last lines of the pipes
        Assert.Equal($"{service}: {expected}", Assert.Single(process.Output, l => l.Trim().Length > 0));
    }

    [Fact]
    public async Task A_service_whose_port_is_taken_names_the_address_and_the_setting()
    {
        using var folder = new TempDirectory();
        await using var vhost = await RabbitMqVirtualHost.CreateAsync("startup-errors");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((IPEndPoint)taken.LocalEndpoint).Port}";
        var settings = Settings(folder);
        settings["ConnectionStrings:RabbitMq"] = vhost.ConnectionString;
        settings["Urls"] = address;
        using var process = ServiceProcess.Start("Kit.Tracker", "Kit.Tracker", settings);

        var exit = await process.ExitCodeAsync(TimeSpan.FromSeconds(90));

        Assert.True(exit == 2, $"exit {exit?.ToString() ?? "none (still running)"}: {string.Join('\n', process.Output)}");
        await Task.Delay(200);
        Assert.DoesNotContain(process.Output, l => l.Contains("   at ", StringComparison.Ordinal) || l.Contains("Exception", StringComparison.Ordinal));
        Assert.Contains($"Kit.Tracker: cannot listen on {address}: the port is in use; set Urls to a free port (e.g. Urls=http://127.0.0.1:5199)", process.Output);
    }

    [Fact]
    public async Task A_service_that_cannot_reach_the_broker_stops_with_one_line_and_exit_code_three()
    {
        using var folder = new TempDirectory();
        var settings = Settings(folder);
        settings["ConnectionStrings:RabbitMq"] = "amqp://guest:secret-password@127.0.0.1:1/";
        settings["Kit:Bus:StartTimeoutSeconds"] = "2";
        using var process = ServiceProcess.Start("Kit.Notifier", "Kit.Notifier", settings);

        var exit = await process.ExitCodeAsync(TimeSpan.FromSeconds(60));

        Assert.True(exit == 3, $"exit {exit?.ToString() ?? "none (still running)"}: {string.Join('\n', process.Output)}");
        await Task.Delay(200);
        Assert.DoesNotContain(process.Output, l => l.Contains("   at ", StringComparison.Ordinal) || l.Contains("secret-password", StringComparison.Ordinal));
        Assert.Contains(process.Output, l => l.StartsWith("Kit.Notifier: cannot reach the broker at amqp://127.0.0.1:1/ within 2 s (Kit__Bus__StartTimeoutSeconds): ", StringComparison.Ordinal));
    }

    static Dictionary<string, string?> Settings(TempDirectory folder) => new()
    {
        ["ConnectionStrings:RabbitMq"] = Broker,
        ["ConnectionStrings:Tracker"] = $"Data Source={folder.Combine("tracker.db")}",
        ["Kit:Repository:Url"] = folder.Combine("deployments.git"),
        ["Kit:Repository:WorkDirectory"] = folder.Combine("work"),
        ["Kit:Deployer:Kubeconfigs"] = folder.Path,
    };
}
