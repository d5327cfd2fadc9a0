namespace Kit.Cli.Commands;

/// <summary>The values of <c>kit status</c>, after environment fall-backs.</summary>
/// <remarks>Without <see cref="Tracker"/>, the URL a running <c>kit up</c> recorded in <see cref="UpAddressFile"/> (default <see cref="UpAddress.DefaultFile"/>), else <see cref="DefaultTracker"/>.</remarks>
public sealed record StatusRequest(string? DeploymentId, bool Watch, string? Tracker, TimeSpan Interval, TimeSpan Timeout, string? UpAddressFile = null)
{
    public const string DefaultTracker = "http://127.0.0.1:5104";

    /// <summary>The <c>-o</c> format (<see cref="Output.OutputFormat"/>); null for the tables.</summary>
    public string? Output { get; init; }
}
