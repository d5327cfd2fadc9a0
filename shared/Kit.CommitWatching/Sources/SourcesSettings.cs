using System.ComponentModel.DataAnnotations;

namespace Kit.CommitWatching.Sources;

/// <summary>
/// How the image-deployer follows the sources of <c>kit.yaml</c>: <c>Kit:Sources</c>. Each source's credentials are
/// <c>Kit__Sources__&lt;name&gt;__Username</c> / <c>__Password</c> (read by <see cref="Kit.Git.SourceRepositories"/>).
/// </summary>
public sealed class SourcesSettings
{
    public const string Section = "Kit:Sources";

    /// <summary>How often every source's branch is checked for a new commit to pin; 0 = only at start and on a push webhook.</summary>
    [Range(0, 86_400, ErrorMessage = "Kit__Sources__PollSeconds must be between 0 and 86400")]
    public double PollSeconds { get; set; } = 60;
}
