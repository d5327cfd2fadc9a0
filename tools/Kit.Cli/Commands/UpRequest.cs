namespace Kit.Cli.Commands;

/// <summary>The values of <c>kit up</c>.</summary>
public sealed record UpRequest(
    string? Repo,
    string? Kubeconfigs,
    string? Branch,
    double? PollSeconds,
    string? RabbitMq,
    string? Tracker,
    int Port,
    int? ReconcileSeconds = null)
{
    /// <summary>The settings these flags stand for; absent flags leave the environment's values.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Settings()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Kit:Repository:Url"] = Repo,
            ["Kit:Deployer:Kubeconfigs"] = Kubeconfigs,
        };
        if (!string.IsNullOrWhiteSpace(Branch))
        {
            settings["Kit:Repository:Branch"] = Branch;
        }

        if (PollSeconds is { } poll)
        {
            settings["Kit:ImageDeployer:PollSeconds"] = poll.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (ReconcileSeconds is { } reconcile)
        {
            settings["Kit:Deployer:ReconcileSeconds"] = reconcile.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!string.IsNullOrWhiteSpace(RabbitMq))
        {
            settings["ConnectionStrings:RabbitMq"] = RabbitMq;
        }

        settings["ConnectionStrings:Tracker"] = Tracker
            ?? Environment.GetEnvironmentVariable("ConnectionStrings__Tracker")
            ?? "Data Source=kit-tracker.db";
        return settings;
    }
}
