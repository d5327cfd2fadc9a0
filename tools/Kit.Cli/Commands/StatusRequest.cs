namespace Kit.Cli.Commands;

/// <summary>The values of <c>kit status</c>, after environment fall-backs.</summary>
public sealed record StatusRequest(string? DeploymentId, bool Watch, string? Tracker, TimeSpan Interval, TimeSpan Timeout)
{
    public const string DefaultTracker = "http://127.0.0.1:5104";
}
