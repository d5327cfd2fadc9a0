using Kit.Cli.Commands;
using Spectre.Console.Testing;

namespace Kit.Cli.Tests;

public sealed class DemoCommandTests
{
    [Fact]
    public async Task The_demo_deploys_the_new_image_to_every_simulated_cluster_and_shows_the_commit()
    {
        var console = new TestConsole().Width(160);

        var code = await DemoCommand.Handler(new DemoOptions(Clusters: 2), console, CancellationToken.None);

        Assert.True(code == ExitCodes.Ok, console.Output);
        Assert.Contains("DeploymentCompleted: 2 succeeded, 0 failed, 0 timed out of 2", console.Output);
        Assert.Contains("registry.example.com/team/hello:1.1.0", console.Output);
        Assert.Contains("git log: ", console.Output);
        Assert.Contains("dev-1", console.Output);
        Assert.Contains("prod-1", console.Output);
    }

    [Fact]
    public async Task A_failing_cluster_is_reported_with_its_reason_while_the_others_deploy()
    {
        var console = new TestConsole().Width(200);

        var code = await DemoCommand.Handler(new DemoOptions(Clusters: 3, FailCluster: "staging-1"), console, CancellationToken.None);

        Assert.True(code == ExitCodes.Ok, console.Output);
        Assert.Contains("DeploymentCompleted: 2 succeeded, 1 failed", console.Output);
        Assert.Contains("staging-1", console.Output);
        Assert.Matches("staging-1.*(refused|unreachable|connect)", console.Output);
    }

    [Fact]
    public async Task An_unknown_failing_cluster_is_a_usage_error()
    {
        var console = new TestConsole();

        var code = await DemoCommand.Handler(new DemoOptions(Clusters: 2, FailCluster: "nowhere"), console, CancellationToken.None);

        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("--fail-cluster nowhere", console.Output);
    }
}
