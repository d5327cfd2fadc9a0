using Kit.Rendering.Trees;

namespace Kit.Rendering.Tests;

/// <summary>
/// kit-deploymentizer's own test fixture (MIT, see Conformance/kit-deploymentizer/LICENSE) and the
/// manifests kit-deploymentizer generated from it: a migrating repository must render to the same objects.
/// </summary>
public sealed class ConformanceTests
{
    static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Conformance", "kit-deploymentizer");

    static readonly Dictionary<string, string> Environment = new()
    {
        ["SECRET_USERNAME"] = "myusername",
        ["SECRET_PASSWORD"] = "mypassword",
        ["GITHUB_TOKEN"] = "s@mpler@ndomt0ken",
    };

    public static TheoryData<string> OptionSets => ["with-env-files", "without-env-files", "deploy-id-fast-rollback"];

    [Theory]
    [MemberData(nameof(OptionSets))]
    public void Kit_repository_renders_to_the_objects_kit_deploymentizer_generated(string optionSet)
    {
        var result = KitRenderer.Render(new FileSystemTree(Path.Combine(Root, "repo")), Options(optionSet));

        Assert.Empty(result.Errors);
        Assert.Empty(result.AllErrors);
        var expectedRoot = Path.Combine(Root, "expected", optionSet);
        var expectedClusters = Directory.GetDirectories(expectedRoot).Select(Path.GetFileName).Order().ToArray();
        var renderedClusters = result.Clusters.Where(c => c.Files.Count > 0).Select(c => c.Cluster).Order().ToArray();
        Assert.Equal(expectedClusters, renderedClusters);
        foreach (var cluster in result.Clusters.Where(c => c.Files.Count > 0))
        {
            var folder = Path.Combine(expectedRoot, cluster.Cluster);
            var expectedFiles = Directory.GetFiles(folder).Select(Path.GetFileName).Order().ToArray();
            Assert.Equal(expectedFiles, cluster.Files.Select(f => f.FileName).Order().ToArray());
            foreach (var file in cluster.Files)
            {
                YamlAssert.SameObjects(File.ReadAllText(Path.Combine(folder, file.FileName)), file.Content, $"{optionSet}/{cluster.Cluster}/{file.FileName}");
            }
        }
    }

    [Fact]
    public void Disabled_cluster_renders_nothing_and_failing_allow_failure_cluster_only_warns()
    {
        var result = KitRenderer.Render(new FileSystemTree(Path.Combine(Root, "repo")), Options("with-env-files"));

        Assert.DoesNotContain(result.Clusters, c => c.Cluster == "disabled-test-fixture");
        var failure = Assert.Single(result.Clusters, c => c.Cluster == "failure-fixture");
        Assert.True(failure.Succeeded);
        Assert.Empty(failure.Files);
        Assert.Contains(failure.Warnings, w => w.File == "config/auth/failure-fixture-env.json");
    }

    static RenderOptions Options(string optionSet) => optionSet switch
    {
        "with-env-files" => new RenderOptions { ExternalValues = Lookup },
        "without-env-files" => new RenderOptions { ConfigPath = "kit-without-env-files.yaml", ExternalValues = Lookup },
        "deploy-id-fast-rollback" => new RenderOptions { Resource = "auth", DeployId = "SOME-SHA", FastRollback = true, ExternalValues = Lookup },
        _ => throw new ArgumentOutOfRangeException(nameof(optionSet)),
    };

    static string? Lookup(string name) => Environment.GetValueOrDefault(name);
}
