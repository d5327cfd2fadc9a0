using System.CommandLine;

namespace Kit.Cli;

/// <summary>Options several commands share, each falling back to the setting's environment variable.</summary>
public static class SharedOptions
{
    public static Option<string?> RabbitMq() => new("--rabbitmq")
    {
        Description = "The broker, amqp://user:pass@host:5672/vhost (default: $ConnectionStrings__RabbitMq)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("ConnectionStrings__RabbitMq"),
    };

    public static Option<string?> Repo() => new("--repo")
    {
        Description = "The deployments repository: a path or a file://, git:// or https:// URL (default: $Kit__Repository__Url)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Kit__Repository__Url"),
    };

    public static Option<string?> Kubeconfigs() => new("--kubeconfigs")
    {
        Description = "A directory or glob of kubeconfig files (default: $Kit__Deployer__Kubeconfigs)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("Kit__Deployer__Kubeconfigs"),
    };

    /// <summary>True when the environment variable says <c>true</c> (any case), as configuration binding reads it.</summary>
    public static bool FlagFromEnvironment(string name) =>
        bool.TryParse(Environment.GetEnvironmentVariable(name)?.Trim(), out var value) && value;

    /// <summary>The first non-empty environment variable of <paramref name="names"/>.</summary>
    public static string? FromEnvironment(params string[] names) =>
        names.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
