using System.Text.RegularExpressions;
using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Harness;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests.BadInput;

/// <summary>
/// The bad-input suite: every case runs the real <c>kit</c> command as a process against the deployed sample
/// and its simulated clusters, and asserts the exit code, one clear line naming the file (or setting, flag or
/// object), no stack trace, and that no cluster object changed but on the clusters the input is not bad for.
/// </summary>
public sealed partial class BadInputSuiteTests(ITestOutputHelper log)
{
    const int Clusters = 3;

    /// <summary>Every case of the suite, by name (xunit lists each one as its own test).</summary>
    public static TheoryData<string> Names() => [.. BadInputCases.All.Select(c => c.Name)];

    [Fact]
    public void The_suite_holds_at_least_45_cases_with_distinct_names()
    {
        Assert.True(BadInputCases.All.Count >= 45, $"{BadInputCases.All.Count} cases");
        Assert.Equal(BadInputCases.All.Count, BadInputCases.All.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_bad_input_is_one_clear_line_the_documented_exit_code_and_no_cluster_touched(string name)
    {
        var badInput = BadInputCases.All.Single(c => c.Name == name);
        await using var pipeline = await Pipeline.StartAsync(Clusters, rolloutSeconds: 0.05);
        using var work = new TempDirectory("kit-bad-input");
        await using var world = new BadInputWorld(pipeline, work);
        var baseline = await DeployCommand.Handler(new DeployRequest(pipeline.Repository, pipeline.Kubeconfigs), TextWriter.Null, TextWriter.Null, CancellationToken.None);
        Assert.Equal(ExitCodes.Ok, baseline);
        var before = await SettledAsync(pipeline);

        world.Commit(badInput.Commit, badInput.Name);
        if (badInput.Arrange is not null)
        {
            await badInput.Arrange(world);
        }

        var result = await Processes.RunAsync(
            "dotnet",
            [Path.Combine(AppContext.BaseDirectory, "kit.dll"), .. badInput.Args.Select(world.Fill)],
            badInput.Timeout,
            workingDirectory: work.Path,
            environment: badInput.Environment.ToDictionary(e => e.Key, e => (string?)world.Fill(e.Value)));
        log.WriteLine($"kit {string.Join(' ', badInput.Args)}\nexit {result.ExitCode}\n{result.Output}{result.Error}");

        var lines = result.All.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.DoesNotContain(lines, IsStackTrace);
        Assert.Equal(badInput.Exit, result.ExitCode);
        var naming = lines.Where(l => l.Contains(world.Fill(badInput.Names), StringComparison.Ordinal)
            && (badInput.Says is null || l.Contains(badInput.Says, StringComparison.OrdinalIgnoreCase))).ToList();
        Assert.True(naming.Count > 0, $"no line names '{badInput.Names}'{(badInput.Says is null ? "" : $" and says '{badInput.Says}'")}");
        Assert.DoesNotContain(naming, l => RepeatedLocation().IsMatch(l));

        badInput.Then?.Invoke(world);
        var after = Snapshot(pipeline);
        foreach (var cluster in pipeline.ClusterNames)
        {
            if (badInput.Healthy.Contains(cluster))
            {
                Assert.Contains(lines, l => l.StartsWith($"{cluster}: succeeded", StringComparison.Ordinal) || l.StartsWith($"{cluster}: skipped", StringComparison.Ordinal));
            }
            else
            {
                Assert.Equal(before[cluster], after[cluster]);
            }
        }
    }

    static bool IsStackTrace(string line) =>
        line.StartsWith("at ", StringComparison.Ordinal) && line.Contains('(', StringComparison.Ordinal)
        || line.StartsWith("Unhandled exception", StringComparison.Ordinal)
        || line.Contains("--- End of", StringComparison.Ordinal)
        || line.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase);

    /// <summary>Each cluster's objects, bytes and resourceVersions, kit's own bookkeeping (inventory, leases) left out.</summary>
    static Dictionary<string, string> Snapshot(Pipeline pipeline) => pipeline.ClusterNames.ToDictionary(
        c => c,
        c => string.Join('\n', pipeline.Clusters.Cluster(c).Snapshot().Where(line =>
            !line.StartsWith("resourceVersion ", StringComparison.Ordinal)
            && !line.StartsWith("leases.", StringComparison.Ordinal)
            && !line.Contains("/" + Kit.Deploying.Inventory.InventoryStore.Name + " ", StringComparison.Ordinal))));

    /// <summary>The snapshot once rollouts have finished writing status.</summary>
    static async Task<Dictionary<string, string>> SettledAsync(Pipeline pipeline) =>
        (await Eventually.SettledAsync(() => Snapshot(pipeline), (current, previous) => current.All(c => previous[c.Key] == c.Value), TimeSpan.FromMilliseconds(100))).Value;

    [GeneratedRegex(@"(\S+:\d+): \1")]
    private static partial Regex RepeatedLocation();
}
