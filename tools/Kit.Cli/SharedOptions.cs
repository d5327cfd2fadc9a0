using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using Kit.Git;
using Kit.Hosting;
using Kit.Rendering;
using Microsoft.Extensions.Configuration;

namespace Kit.Cli;

/// <summary>Options several commands share, each falling back to the setting's environment variable.</summary>
public static class SharedOptions
{
    public static Option<string?> RabbitMq() => new("--rabbitmq")
    {
        Description = "The broker, amqp://user:pass@host:5672/vhost [default: $ConnectionStrings__RabbitMq]",
        DefaultValueFactory = EnvironmentDefault("ConnectionStrings__RabbitMq"),
    };

    public static Option<string?> Repo() => new("--repo")
    {
        Description = "The deployments repository: a path or a file://, git:// or https:// URL [default: $Kit__Repository__Url]",
        DefaultValueFactory = EnvironmentDefault("Kit__Repository__Url"),
    };

    public static Option<string?> Kubeconfigs() => new("--kubeconfigs")
    {
        Description = "A directory or glob of kubeconfig files, one cluster each [default: $Kit__Deployer__Kubeconfigs]",
        DefaultValueFactory = EnvironmentDefault("Kit__Deployer__Kubeconfigs"),
    };

    /// <summary>
    /// True while kit prints help: the options' environment defaults are then left unread, so help names the
    /// variable (<c>[default: $X]</c>) and never prints its value (a connection string holds a password).
    /// </summary>
    public static bool PrintingHelp { get; set; }

    /// <summary>An option's default read from the environment variable <paramref name="name"/>, except while help is printed.</summary>
    public static Func<System.CommandLine.Parsing.ArgumentResult, string?> EnvironmentDefault(string name) =>
        _ => PrintingHelp ? null : Environment.GetEnvironmentVariable(name);

    /// <summary>True when the environment variable says <c>true</c> (any case), as configuration binding reads it.</summary>
    public static bool FlagFromEnvironment(string name) =>
        bool.TryParse(Environment.GetEnvironmentVariable(name)?.Trim(), out var value) && value;

    /// <summary><c>Kit__Rendering__*</c> from the environment, as the services bind them; null and the line to print when one is wrong.</summary>
    public static RenderingSettings? Rendering(out string? problem) => Settings<RenderingSettings>(RenderingSettings.Section, null, out problem);

    /// <summary>
    /// One settings section from the environment, as the services bind it, with the command's own values set by
    /// <paramref name="adjust"/>; null and one line naming the key, the rule and the value when one is wrong.
    /// </summary>
    public static T? Settings<T>(string section, Action<T>? adjust, out string? problem)
        where T : class, new()
    {
        problem = null;
        var environment = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        T settings;
        try
        {
            settings = environment.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e) when (SettingErrors.DescribeConversion(e, environment) is { } conversion)
        {
            problem = conversion;
            return null;
        }

        adjust?.Invoke(settings);
        var invalid = new List<ValidationResult>();
        if (!Validator.TryValidateObject(settings, new ValidationContext(settings), invalid, validateAllProperties: true))
        {
            problem = string.Join("; ", invalid.Select(v => SettingErrors.Describe(v.ErrorMessage ?? "", environment)));
            return null;
        }

        return settings;
    }

    /// <summary>The first non-empty environment variable of <paramref name="names"/>.</summary>
    public static string? FromEnvironment(params string[] names) =>
        names.Select(Environment.GetEnvironmentVariable).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));

    /// <summary>The deployments repository at <paramref name="url"/>, its credentials and http rule from <c>Kit__Repository__*</c>.</summary>
    public static RepositorySettings Repository(string url, string? branch, string workDirectory) => new()
    {
        Url = url,
        Branch = branch ?? "main",
        Username = FromEnvironment("Kit__Repository__Username"),
        Password = FromEnvironment("Kit__Repository__Password"),
        AllowInsecureHttp = FlagFromEnvironment("Kit__Repository__AllowInsecureHttp"),
        WorkDirectory = workDirectory,
    };
}
