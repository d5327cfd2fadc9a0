using Kit.Cli;
using Kit.Cli.Commands;
using Kit.Testing;
using Xunit.Abstractions;

namespace Kit.EndToEnd.Tests;

/// <summary>`kit render` fails on every check that needs no cluster, where `kit deploy` would fail, naming the file and line.</summary>
public sealed class RenderChecksTests(ITestOutputHelper log)
{
    const string Valid = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: b\n";

    public static TheoryData<string, Dictionary<string, string>, string> BadManifests => new()
    {
        {
            "invalid name",
            new() { ["resources/bad.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\ndata:\n  a: b\n" },
            "resources/bad.yaml:1: cluster dev-1, resource bad: ConfigMap name 'Bad_Name' is not a DNS-1123 subdomain"
        },
        {
            "service name not a DNS-1035 label",
            new() { ["resources/bad.yaml"] = "apiVersion: v1\nkind: Service\nmetadata:\n  name: 9web\nspec:\n  ports:\n  - port: 80\n" },
            "resources/bad.yaml:1: cluster dev-1, resource bad: Service name '9web' is not a DNS-1035 label"
        },
        {
            "duplicated key",
            new() { ["resources/bad.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: b\n  a: c\n" },
            "resources/bad.yaml:7: cluster dev-1, resource bad: the key 'a' appears twice in one mapping"
        },
        {
            "alias",
            new() { ["resources/bad.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n  labels: &l {app: x}\n  annotations: *l\n" },
            "resources/bad.yaml:5: cluster dev-1, resource bad: a rendered manifest may not use YAML anchors (&l)"
        },
        {
            "missing kind",
            new() { ["resources/bad.yaml"] = "apiVersion: v1\nmetadata:\n  name: extra\n" },
            "resources/bad.yaml:1: cluster dev-1, resource bad: a rendered object has no kind"
        },
        {
            "missing apiVersion",
            new() { ["resources/bad.yaml"] = "kind: ConfigMap\nmetadata:\n  name: extra\n" },
            "resources/bad.yaml:1: cluster dev-1, resource bad: a rendered ConfigMap has no apiVersion"
        },
        {
            "the same object twice in one file",
            new() { ["resources/bad.yaml"] = Valid + "---\n" + Valid },
            "resources/bad.yaml:7: cluster dev-1, resource bad: ConfigMap extra is also defined in resources/bad.yaml:1"
        },
        {
            "the same object in two resources",
            new() { ["resources/bad.yaml"] = Valid, ["resources/again.yaml"] = Valid },
            "resources/again.yaml:1: cluster dev-1, resource again: ConfigMap extra is also defined in resources/bad.yaml:1"
        },
    };

    [Theory]
    [MemberData(nameof(BadManifests))]
    public async Task Render_fails_with_one_line_naming_the_file(string _, Dictionary<string, string> files, string expected)
    {
        await using var pipeline = await Pipeline.StartAsync();
        string baseCluster;
        using (var repo = new LibGit2Sharp.Repository(pipeline.Repository))
        {
            baseCluster = ((LibGit2Sharp.Blob)repo.Branches["main"].Tip["base-cluster.yaml"].Target).GetContentText();
        }

        var resources = string.Concat(files.Keys.Select(f => $"  {Path.GetFileNameWithoutExtension(f)}:\n    file: ./{Path.GetFileName(f)}\n"));
        BareGitRepository.CommitTo(pipeline.Repository, "main", new Dictionary<string, string>(files) { ["base-cluster.yaml"] = baseCluster + resources }, "a bad manifest");
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await RenderCommand.Handler(new RenderRequest(pipeline.Repository, Ref: "main"), output, error, CancellationToken.None);

        log.WriteLine($"exit {exit}\n{error}");
        Assert.Equal(ExitCodes.Failed, exit);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.StartsWith(expected, StringComparison.Ordinal));
        Assert.DoesNotContain("   at ", error.ToString());
    }
}
