using System.Xml.Linq;
using Kit.Harness;

namespace Kit.Install.Tests;

/// <summary>The project graph docs/architecture.md draws: capabilities over infrastructure, hosts over capabilities.</summary>
public sealed class ArchitectureTests
{
    static readonly string[] Infrastructure = ["Kit.Contracts", "Kit.Hosting", "Kit.Git", "Kit.Kubernetes", "Kit.Yaml"];

    static readonly string[] Capabilities = ["Kit.ImageUpdating", "Kit.CommitWatching", "Kit.Rendering", "Kit.Deploying", "Kit.Tracking", "Kit.Notifying"];

    /// <summary>Every project of the repository (bin and obj left out) and the projects it references, by name.</summary>
    static Dictionary<string, (string Folder, string[] References, string[] Packages)> Projects() =>
        Directory.GetFiles(RepositoryRoot.Path, "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToDictionary(
                path => Path.GetFileNameWithoutExtension(path),
                path =>
                {
                    var project = XDocument.Load(path);
                    var folder = Path.GetRelativePath(RepositoryRoot.Path, path).Split(Path.DirectorySeparatorChar)[0];
                    string[] references = [.. project.Descendants("ProjectReference")
                        .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))];
                    string[] packages = [.. project.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value)];
                    return (folder, references, packages);
                });

    [Fact]
    public void Every_shared_library_is_either_infrastructure_or_a_capability()
    {
        var shared = Projects().Where(p => p.Value.Folder == "shared").Select(p => p.Key).Order(StringComparer.Ordinal);

        Assert.Equal(Infrastructure.Concat(Capabilities).Order(StringComparer.Ordinal), shared);
    }

    [Fact]
    public void Infrastructure_references_only_infrastructure_and_contracts_nothing()
    {
        var projects = Projects();

        Assert.Empty(projects["Kit.Contracts"].References);
        Assert.Empty(projects["Kit.Contracts"].Packages);
        foreach (var name in Infrastructure)
        {
            Assert.All(projects[name].References, r => Assert.True(Infrastructure.Contains(r), $"{name} references {r}, which is not infrastructure"));
        }
    }

    [Fact]
    public void A_capability_references_infrastructure_only_never_another_capability()
    {
        var projects = Projects();

        foreach (var name in Capabilities)
        {
            Assert.All(projects[name].References, r => Assert.True(Infrastructure.Contains(r), $"{name} references {r}"));
        }
    }

    [Fact]
    public void A_service_is_a_host_of_capabilities_in_under_100_lines()
    {
        foreach (var (name, project) in Projects().Where(p => p.Value.Folder == "services"))
        {
            Assert.NotEmpty(project.References);
            Assert.All(project.References, r => Assert.True(Capabilities.Contains(r), $"{name} references {r}, which is not a capability"));
            var lines = Directory.GetFiles(RepositoryRoot.Combine("services", name), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Sum(f => File.ReadAllLines(f).Length);
            Assert.True(lines < 100, $"{name} holds {lines} lines of C#");
        }
    }

    [Fact]
    public void Nothing_but_tests_references_a_service_or_a_test_project()
    {
        var projects = Projects();
        var hostsAndTests = projects.Where(p => p.Value.Folder is "services" or "tests").Select(p => p.Key).ToHashSet();

        foreach (var (name, project) in projects.Where(p => p.Value.Folder != "tests"))
        {
            Assert.All(project.References, r => Assert.False(hostsAndTests.Contains(r), $"{name} references {r}"));
        }
    }

    [Fact]
    public void The_architecture_page_names_every_library_and_host()
    {
        var page = File.ReadAllText(RepositoryRoot.Combine("docs", "architecture.md"));

        foreach (var name in Projects().Where(p => p.Value.Folder is "shared" or "services").Select(p => p.Key))
        {
            Assert.Contains(name, page, StringComparison.Ordinal);
        }
    }
}
