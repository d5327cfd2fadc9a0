using Kit.Harness;
using Kit.Rendering.Sources;
using Kit.Rendering.Trees;
using Kit.Testing;

namespace Kit.Rendering.Tests;

/// <summary>Resources from service repositories (kit.yaml <c>sources:</c>), fetched from a real git daemon at the pinned commits.</summary>
public sealed class SourceRenderingTests : IAsyncLifetime, IDisposable
{
    ServiceRepositories services = null!;
    readonly TempDirectory work = new("kit-source-work");
    readonly SampleCopy deployments = new();

    public static Dictionary<string, string> ApiFiles(string version) => new()
    {
        ["deploy/kit-resources.yaml"] = "resources:\n  api:\n    file: api.sbn\n",
        ["deploy/api.sbn"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ name }}-config\ndata:\n  version: \"" + version + "\"\n  replicas: \"{{ deployment.replicaCount }}\"\n",
        ["src/main.go"] = "package main\n",
    };

    public static Dictionary<string, string> WebFiles() => new()
    {
        ["kit-resources.yaml"] = "kind: ClusterNamespace\nresources:\n  web:\n    file: web.yaml\n",
        ["web.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: web\ndata:\n  page: index.html\n",
    };

    public async Task InitializeAsync() => services = await ServiceRepositories.StartAsync();

    public Task DisposeAsync()
    {
        services.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        deployments.Dispose();
        work.Dispose();
    }

    /// <summary>Lists the sources in kit.yaml (api in its deploy/ folder, web at its root) and pins them.</summary>
    void UseSources(IReadOnlyDictionary<string, string> pins, string apiPath = "deploy")
    {
        var kit = System.IO.File.ReadAllText(Path.Combine(deployments.Root, "kit.yaml"));
        kit = kit.Contains("\nsources:", StringComparison.Ordinal) ? kit[..(kit.IndexOf("\nsources:", StringComparison.Ordinal) + 1)] : kit;
        deployments.Write("kit.yaml", kit + $"""
            sources:
              - name: api
                url: {services.Url("api")}
                branch: main
                path: {apiPath}
              - name: web
                url: {services.Url("web")}

            """);
        deployments.Write("sources.lock.yaml", string.Concat(pins.Select(p => $"{p.Key}: {p.Value}\n")));
    }

    async Task<RenderResult> RenderAsync(IReadOnlyDictionary<string, string>? localCopies = null)
    {
        var tree = new FileSystemTree(deployments.Root);
        var options = new SourceOptions { WorkDirectory = work.Path, LocalCopies = localCopies ?? new Dictionary<string, string>() };
        using var sources = await SourceFetcher.PrepareAsync(tree, "kit.yaml", options, CancellationToken.None);
        return KitRenderer.Render(tree, new RenderOptions { Sources = sources });
    }

    static string? Content(RenderResult result, string cluster, string name) =>
        result.Clusters.Single(c => c.Cluster == cluster).Files.SingleOrDefault(f => f.FileName == name)?.Content;

    [Fact]
    public async Task Two_pinned_sources_render_beside_the_local_resources_and_clusters_override_them()
    {
        var api = services.Commit("api", ApiFiles("v1"));
        var web = services.Commit("web", WebFiles());
        UseSources(new Dictionary<string, string> { ["api"] = api, ["web"] = web });
        deployments.Write("clusters/prod-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: prod-1\n  type: production\nresources:\n  web:\n    disable: true\n");

        var result = await RenderAsync();

        Assert.True(result.Succeeded, string.Join("\n", result.AllErrors));
        Assert.Equal(
            ["api.yaml", "hello-deployment.yaml", "hello-svc.yaml", "web.yaml"],
            result.Clusters.Single(c => c.Cluster == "dev-1").Files.Select(f => f.FileName).Order(StringComparer.Ordinal));
        Assert.Contains("name: api-config", Content(result, "dev-1", "api.yaml"));
        Assert.Contains("version: \"v1\"", Content(result, "dev-1", "api.yaml"));
        // The deployments repository's variables reach a sourced template: prod-1's configuration-var.yaml says 3.
        Assert.Contains("replicas: \"3\"", Content(result, "prod-1", "api.yaml"));
        Assert.Contains("replicas: \"1\"", Content(result, "dev-1", "api.yaml"));
        Assert.Null(Content(result, "prod-1", "web.yaml"));
        Assert.Contains("page: index.html", Content(result, "staging-1", "web.yaml"));
    }

    [Fact]
    public async Task The_pinned_commit_is_rendered_and_a_new_pin_renders_the_new_templates()
    {
        var v1 = services.Commit("api", ApiFiles("v1"));
        var web = services.Commit("web", WebFiles());
        var v2 = services.Commit("api", ApiFiles("v2"));
        UseSources(new Dictionary<string, string> { ["api"] = v1, ["web"] = web });

        var pinnedToV1 = await RenderAsync();
        UseSources(new Dictionary<string, string> { ["api"] = v2, ["web"] = web });
        var pinnedToV2 = await RenderAsync();

        // The branch's tip is v2 all along: only the pin decides.
        Assert.Contains("version: \"v1\"", Content(pinnedToV1, "dev-1", "api.yaml"));
        Assert.Contains("version: \"v2\"", Content(pinnedToV2, "dev-1", "api.yaml"));
    }

    [Fact]
    public async Task A_source_without_a_pin_is_an_error_naming_it()
    {
        var api = services.Commit("api", ApiFiles("v1"));
        services.Commit("web", WebFiles());
        UseSources(new Dictionary<string, string> { ["api"] = api });

        var result = await RenderAsync();

        Assert.False(result.Succeeded);
        Assert.Contains(result.AllErrors, e => e.Message.Contains("source 'web' has no pin in sources.lock.yaml", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_sourced_resource_with_a_local_resources_name_is_an_error_naming_both()
    {
        var api = services.Commit("api", new Dictionary<string, string>(ApiFiles("v1")) { ["deploy/kit-resources.yaml"] = "resources:\n  hello:\n    file: api.sbn\n" });
        var web = services.Commit("web", WebFiles());
        UseSources(new Dictionary<string, string> { ["api"] = api, ["web"] = web });

        var result = await RenderAsync();

        var error = Assert.Single(result.AllErrors, e => e.Cluster == "dev-1");
        Assert.Equal("hello", error.Resource);
        Assert.Contains("resource 'hello' of source 'api' (api:deploy/kit-resources.yaml:2) has the name of a resource in base-cluster.yaml", error.Message);
    }

    [Fact]
    public async Task Two_sources_providing_one_resource_name_is_an_error_naming_both()
    {
        var api = services.Commit("api", new Dictionary<string, string>(ApiFiles("v1")) { ["deploy/kit-resources.yaml"] = "resources:\n  web:\n    file: api.sbn\n" });
        var web = services.Commit("web", WebFiles());
        UseSources(new Dictionary<string, string> { ["api"] = api, ["web"] = web });

        var result = await RenderAsync();

        var error = Assert.Single(result.AllErrors, e => e.Cluster == "dev-1");
        Assert.Equal("web", error.Resource);
        Assert.Contains("resource 'web' is provided by source 'api' and by source 'web'", error.Message);
        Assert.Equal("web:kit-resources.yaml", error.File);
    }

    [Theory]
    [InlineData("../src/main.go")]
    [InlineData("../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("sub/../../deploy-other/x.yaml")]
    public async Task A_source_cannot_name_a_file_outside_its_folder(string file)
    {
        var api = services.Commit("api", new Dictionary<string, string>(ApiFiles("v1"))
        {
            ["deploy/kit-resources.yaml"] = $"resources:\n  api:\n    file: {file}\n",
            ["deploy-other/x.yaml"] = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
        });
        var web = services.Commit("web", WebFiles());
        UseSources(new Dictionary<string, string> { ["api"] = api, ["web"] = web });

        var result = await RenderAsync();

        var error = Assert.Single(result.AllErrors, e => e.Cluster == "dev-1");
        Assert.Equal("api", error.Resource);
        Assert.Equal("api:deploy/kit-resources.yaml", error.File);
        Assert.Contains("not inside the source's folder", error.Message);
        Assert.Contains("web.yaml", result.Clusters.Single(c => c.Cluster == "dev-1").Files.Select(f => f.FileName));
    }

    [Fact]
    public async Task A_source_that_cannot_be_fetched_fails_only_the_clusters_running_its_resources()
    {
        var v1 = services.Commit("api", ApiFiles("v1"));
        var web = services.Commit("web", WebFiles());
        UseSources(new Dictionary<string, string> { ["api"] = v1, ["web"] = web });
        deployments.Write("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n  type: dev\nresources:\n  api:\n    disable: true\n");
        Assert.True((await RenderAsync()).Succeeded);

        // The pin moves to a commit the api server can no longer serve.
        var v2 = services.Commit("api", ApiFiles("v2"));
        Directory.Move(services.Path("api"), services.Path("api") + ".gone");
        UseSources(new Dictionary<string, string> { ["api"] = v2, ["web"] = web });
        var result = await RenderAsync();

        Assert.Empty(result.Errors);
        Assert.True(result.Clusters.Single(c => c.Cluster == "dev-1").Succeeded, string.Join("\n", result.AllErrors));
        Assert.Contains("web.yaml", result.Clusters.Single(c => c.Cluster == "dev-1").Files.Select(f => f.FileName));
        foreach (var cluster in new[] { "prod-1", "staging-1" })
        {
            var error = Assert.Single(result.Clusters.Single(c => c.Cluster == cluster).Errors);
            Assert.Equal("api", error.Resource);
            Assert.Contains($"source 'api' ({services.Url("api")}) cannot be fetched at {v2[..12]}", error.Message);
        }
    }

    [Fact]
    public async Task A_source_never_fetched_and_unreachable_holds_every_cluster_back_naming_it()
    {
        var web = services.Commit("web", WebFiles());
        UseSources(new Dictionary<string, string> { ["api"] = new string('a', 40), ["web"] = web });

        var result = await RenderAsync();

        Assert.All(result.Clusters, c => Assert.Contains(c.Errors, e => e.Message.Contains("source 'api'", StringComparison.Ordinal) && e.Message.Contains("cannot be fetched", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_local_copy_stands_in_for_a_source_with_its_working_tree()
    {
        var api = services.Commit("api", ApiFiles("v1"));
        var web = services.Commit("web", WebFiles());
        UseSources(new Dictionary<string, string> { ["api"] = api, ["web"] = web });
        using var local = new TempDirectory("kit-api-copy");
        foreach (var (path, text) in ApiFiles("work-in-progress"))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(local.Combine(path))!);
            System.IO.File.WriteAllText(local.Combine(path), text);
        }

        var result = await RenderAsync(new Dictionary<string, string> { ["api"] = local.Path });

        Assert.True(result.Succeeded, string.Join("\n", result.AllErrors));
        Assert.Contains("version: \"work-in-progress\"", Content(result, "dev-1", "api.yaml"));
    }
}
