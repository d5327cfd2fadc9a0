using Kit.Harness;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace Kit.Install.Tests;

/// <summary>docker-compose.yml takes every password from a secret file and runs nothing as root.</summary>
public sealed class ComposeSecretsTests
{
    static readonly string[] KitServices = ["image-deployer", "deploymentizer", "deployer", "tracker", "notifier"];

    static Dictionary<object, object> Services(string file = "docker-compose.yml")
    {
        using var reader = new StringReader(File.ReadAllText(RepositoryRoot.Combine(file)));
        var compose = new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        return (Dictionary<object, object>)compose["services"];
    }

    static Dictionary<object, object> Service(string name) => (Dictionary<object, object>)Services()[name];

    static Dictionary<string, string> Environment(Dictionary<object, object> service) =>
        service.TryGetValue("environment", out var e)
            ? ((Dictionary<object, object>)e).ToDictionary(x => (string)x.Key, x => (string)x.Value)
            : [];

    static List<(string Source, string Target)> Secrets(Dictionary<object, object> service) =>
        service.TryGetValue("secrets", out var s)
            ? [.. ((List<object>)s).Cast<Dictionary<object, object>>().Select(x => ((string)x["source"], (string)x["target"]))]
            : [];

    [Fact]
    public void Every_service_reads_the_broker_password_from_its_secret_file_not_the_url()
    {
        foreach (var name in KitServices)
        {
            var service = Service(name);
            var broker = new Uri(Environment(service)["ConnectionStrings__RabbitMq"].Replace("${RABBITMQ_USER:-kit}", "kit"));

            Assert.DoesNotContain(':', broker.UserInfo);
            Assert.Contains(("rabbitmq-password", "Kit__Bus__Password"), Secrets(service));
        }
    }

    [Fact]
    public void The_broker_and_the_database_take_their_passwords_from_the_same_secret_files()
    {
        var rabbitmq = Service("rabbitmq");
        var postgres = Service("postgres");
        var tracker = Service("tracker");

        Assert.Contains("rabbitmq-password", Secrets(rabbitmq).Select(s => s.Source));
        Assert.Contains("/run/secrets/rabbitmq-password", string.Join(' ', (List<object>)rabbitmq["entrypoint"]));
        Assert.Equal("/run/secrets/postgres-password", Environment(postgres)["POSTGRES_PASSWORD_FILE"]);
        Assert.Contains(("postgres-password", "postgres-password"), Secrets(postgres));
        Assert.Contains(("postgres-password", "Kit__Tracker__DatabasePassword"), Secrets(tracker));
        Assert.DoesNotContain("Password", Environment(tracker)["ConnectionStrings__Tracker"], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void No_password_is_an_environment_variable()
    {
        foreach (var (name, service) in Services().Select(s => ((string)s.Key, (Dictionary<object, object>)s.Value)))
        {
            foreach (var (key, value) in Environment(service))
            {
                Assert.False(key.Contains("PASS", StringComparison.OrdinalIgnoreCase) && !key.EndsWith("_FILE", StringComparison.Ordinal), $"{name}: {key}");
                Assert.DoesNotContain("PASSWORD}", value);
            }
        }
    }

    [Fact]
    public void The_broker_and_the_database_run_as_their_own_unprivileged_users()
    {
        Assert.Equal("rabbitmq", Service("rabbitmq")["user"]);
        Assert.Equal("postgres", Service("postgres")["user"]);
    }

    [Fact]
    public void The_ci_override_replaces_the_dotnet_images_through_build_arguments_only()
    {
        var ci = Services("docker-compose.ci.yml");
        var dockerfile = File.ReadAllLines(RepositoryRoot.Combine("services", "Dockerfile"));

        Assert.Contains("ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0", dockerfile);
        Assert.Contains("ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile);
        foreach (var name in KitServices)
        {
            var build = (Dictionary<object, object>)((Dictionary<object, object>)ci[name])["build"];
            var args = (Dictionary<object, object>)build["args"];
            Assert.Equal("../../../services/Dockerfile", build["dockerfile"]);
            Assert.StartsWith("kit-ci/", (string)args["RUNTIME_IMAGE"]);
            Assert.StartsWith("kit-ci/", (string)args["SDK_IMAGE"]);
            Assert.False(((Dictionary<object, object>)ci[name]).ContainsKey("image"), name);
        }
    }
}
