using System.ComponentModel.DataAnnotations;

namespace Kit.Tracking;

/// <summary>The tracker's settings: <c>Kit:Tracker</c>.</summary>
public sealed class TrackerSettings
{
    public const string Section = "Kit:Tracker";

    /// <summary>How long after its first event a deployment completes anyway, its silent clusters timed out.</summary>
    [Range(1, 7 * 24 * 3600, ErrorMessage = "Kit__Tracker__DeadlineSeconds must be between 1 and 604800")]
    public int DeadlineSeconds { get; set; } = 1800;

    /// <summary>How often the deadline is checked.</summary>
    [Range(0.05, 3600, ErrorMessage = "Kit__Tracker__CheckIntervalSeconds must be between 0.05 and 3600")]
    public double CheckIntervalSeconds { get; set; } = 10;

    /// <summary>A completion claimed but not published (its instance died) is published again after this long.</summary>
    [Range(1, 3600, ErrorMessage = "Kit__Tracker__PublishLeaseSeconds must be between 1 and 3600")]
    public int PublishLeaseSeconds { get; set; } = 60;
}
