using Kit.Harness;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Kit.Install.Tests;

public sealed class ComposeFileTests
{
    static readonly Dictionary<string, string[]> RequiredSettings = new()
    {
        ["image-deployer"] = ["ConnectionStrings__RabbitMq", "Kit__Repository__Url", "Kit__Repository__Password"],
        ["deploymentizer"] = ["ConnectionStrings__RabbitMq", "Kit__Repository__Url"],
        ["deployer"] = ["ConnectionStrings__RabbitMq", "Kit__Deployer__Kubeconfigs"],
        ["tracker"] = ["ConnectionStrings__RabbitMq", "ConnectionStrings__Tracker"],
        ["notifier"] = ["ConnectionStrings__RabbitMq", "Kit__Slack__WebhookUrl"],
    };

    static Dictionary<object, object> Services()
    {
        using var reader = new StringReader(File.ReadAllText(RepositoryRoot.Combine("docker-compose.yml")));
        var compose = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        return (Dictionary<object, object>)compose["services"];
    }

    public static TheoryData<string> KitServices() => [.. RequiredSettings.Keys];

    [Theory]
    [MemberData(nameof(KitServices))]
    public void Every_service_has_a_build_an_image_and_a_health_check(string name)
    {
        var service = (Dictionary<object, object>)Services()[name];

        var build = (Dictionary<object, object>)service["build"];
        var dockerfile = RepositoryRoot.Combine((string)build["context"], (string)build["dockerfile"]);
        Assert.True(File.Exists(dockerfile), dockerfile);
        Assert.StartsWith("kit/", (string)service["image"]);
        var health = (List<object>)((Dictionary<object, object>)service["healthcheck"])["test"];
        Assert.Equal("CMD", health[0]);
        Assert.Contains("--health-check", health);
    }

    [Theory]
    [MemberData(nameof(KitServices))]
    public void Every_service_gets_its_required_settings_from_the_environment_or_secret_files(string name)
    {
        var service = (Dictionary<object, object>)Services()[name];
        var environment = ((Dictionary<object, object>)service["environment"]).Keys.Cast<string>().ToHashSet();
        var secrets = service.TryGetValue("secrets", out var s)
            ? ((List<object>)s).Cast<Dictionary<object, object>>().Select(x => (string)x["target"]).ToHashSet()
            : [];

        foreach (var setting in RequiredSettings[name])
        {
            Assert.True(environment.Contains(setting) || secrets.Contains(setting), $"{name} lacks {setting}");
        }
    }

    [Theory]
    [MemberData(nameof(KitServices))]
    public void Every_dockerfile_is_multi_stage_and_runs_as_a_non_root_user(string name)
    {
        var build = (Dictionary<object, object>)((Dictionary<object, object>)Services()[name])["build"];
        var lines = File.ReadAllLines(RepositoryRoot.Combine((string)build["context"], (string)build["dockerfile"]));

        Assert.True(lines.Count(l => l.StartsWith("FROM ", StringComparison.Ordinal)) >= 2);
        var user = Assert.Single(lines, l => l.StartsWith("USER ", StringComparison.Ordinal));
        Assert.DoesNotContain("root", user);
        Assert.DoesNotMatch(@"USER\s+0\b", user);
    }

    [Fact]
    public void The_five_services_build_from_one_dockerfile_with_the_host_as_an_argument()
    {
        var builds = RequiredSettings.Keys
            .Select(name => (Name: name, Build: (Dictionary<object, object>)((Dictionary<object, object>)Services()[name])["build"]))
            .ToList();

        Assert.Single(builds.Select(b => (string)b.Build["dockerfile"]).Distinct());
        Assert.Equal([RepositoryRoot.Combine("services", "Dockerfile")], Directory.GetFiles(RepositoryRoot.Combine("services"), "Dockerfile", SearchOption.AllDirectories));
        foreach (var (name, build) in builds)
        {
            var host = (string)((Dictionary<object, object>)build["args"])["SERVICE"];
            Assert.True(File.Exists(RepositoryRoot.Combine("services", host, host + ".csproj")), $"{name}: SERVICE={host} is not a project under services/");
            var health = (List<object>)((Dictionary<object, object>)((Dictionary<object, object>)Services()[name])["healthcheck"])["test"];
            Assert.Contains(host + ".dll", health);
        }
    }

    [Fact]
    public void The_broker_seq_and_postgres_are_part_of_the_file()
    {
        var services = Services();

        Assert.Contains("management", (string)((Dictionary<object, object>)services["rabbitmq"])["image"]);
        Assert.StartsWith("datalust/seq", (string)((Dictionary<object, object>)services["seq"])["image"]);
        Assert.StartsWith("postgres", (string)((Dictionary<object, object>)services["postgres"])["image"]);
    }
}
