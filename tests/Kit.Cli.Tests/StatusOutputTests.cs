using System.Text.Json;
using Kit.Cli.Commands;
using Spectre.Console.Testing;

namespace Kit.Cli.Tests;

/// <summary><c>kit status -o json|yaml|wide</c>: the tracker's views as data for scripts, or tables with more columns.</summary>
public sealed class StatusOutputTests
{
    static readonly CancellationToken None = CancellationToken.None;

    static StatusRequest Request(StatusCommandTests.RecordedDeployment recorded, string? id, string? output) =>
        new(id, false, recorded.Tracker.Address.ToString(), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)) { Output = output };

    [Fact]
    public async Task A_deployment_as_json_is_the_trackers_view_and_nothing_else()
    {
        await using var recorded = await StatusCommandTests.RecordedDeployment.StartAsync(complete: true);

        var code = await StatusCommand.Handler(Request(recorded, recorded.Id.ToString(), "json"), recorded.Console, recorded.Http, None);

        Assert.Equal(ExitCodes.Failed, code);
        using var document = JsonDocument.Parse(recorded.Console.Output);
        var root = document.RootElement;
        Assert.Equal(recorded.Id, root.GetProperty("id").GetGuid());
        Assert.Equal("Failed", root.GetProperty("status").GetString());
        Assert.Equal("abc1234", root.GetProperty("commitSha").GetString());
        Assert.Equal(3, root.GetProperty("progress").GetProperty("total").GetInt32());
        var failed = root.GetProperty("clusters").EnumerateArray().Single(c => c.GetProperty("cluster").GetString() == "ap-1");
        Assert.Equal("Failed", failed.GetProperty("outcome").GetString());
        Assert.Contains("CrashLoopBackOff", failed.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_list_as_yaml_holds_deployments_and_clusters()
    {
        await using var recorded = await StatusCommandTests.RecordedDeployment.StartAsync(complete: true);

        var code = await StatusCommand.Handler(Request(recorded, null, "yaml"), recorded.Console, recorded.Http, None);

        var output = recorded.Console.Output;
        Assert.Equal(ExitCodes.Ok, code);
        Assert.StartsWith("deployments:\n- id: " + recorded.Id, output);
        Assert.Contains("\nclusters:\n- cluster: ", output);
        Assert.Contains("  status: Failed\n", output);
        Assert.Contains("- cluster: ap-1\n", output);
        Assert.Contains("  currentCommit: abc1234\n", output);
        Assert.DoesNotContain("─", output);
    }

    [Fact]
    public async Task A_cluster_as_json_holds_its_view_and_previous_good_commits()
    {
        await using var recorded = await StatusCommandTests.RecordedDeployment.StartAsync(complete: true);

        var code = await StatusCommand.Handler(Request(recorded, "eu-1", "json"), recorded.Console, recorded.Http, None);

        Assert.Equal(ExitCodes.Ok, code);
        using var document = JsonDocument.Parse(recorded.Console.Output);
        Assert.Equal("eu-1", document.RootElement.GetProperty("cluster").GetProperty("cluster").GetString());
        var good = Assert.Single(document.RootElement.GetProperty("goodCommits").EnumerateArray());
        Assert.Equal("abc1234", good.GetProperty("commitSha").GetString());
        Assert.Equal(recorded.Id, good.GetProperty("deploymentId").GetGuid());
    }

    [Fact]
    public async Task Wide_tables_add_columns_the_plain_ones_leave_out()
    {
        await using var recorded = await StatusCommandTests.RecordedDeployment.StartAsync(complete: true);
        var plain = new TestConsole().Width(400);
        await StatusCommand.Handler(Request(recorded, null, null), plain, recorded.Http, None);

        var code = await StatusCommand.Handler(Request(recorded, null, "wide"), recorded.Console.Width(400), recorded.Http, None);

        var wide = recorded.Console.Output;
        Assert.Equal(ExitCodes.Ok, code);
        foreach (var column in new[] { "Completed", "Ref", "Cause", "Last reported" })
        {
            Assert.Contains(column, wide);
            Assert.DoesNotContain(column, plain.Output);
        }
    }
}
