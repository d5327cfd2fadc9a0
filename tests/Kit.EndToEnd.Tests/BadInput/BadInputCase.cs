using System.Text;
using Kit.Cli;

namespace Kit.EndToEnd.Tests.BadInput;

/// <summary>
/// One bad input given to the real <c>kit</c> command: what is changed (files committed to the deployments
/// repository, anything else through <see cref="Arrange"/>), the command line, and what must come of it: the
/// exit code, one line naming <see cref="Names"/>, and no object changed but on the <see cref="Healthy"/> clusters.
/// </summary>
sealed record BadInputCase(string Name)
{
    /// <summary>Files committed to the deployments repository on top of the deployed sample; null deletes.</summary>
    public IReadOnlyDictionary<string, byte[]?> Commit { get; init; } = new Dictionary<string, byte[]?>();

    /// <summary>Anything else to break before the command runs (kubeconfigs, folders, a busy port).</summary>
    public Func<BadInputWorld, Task>? Arrange { get; init; }

    /// <summary>What else must hold afterwards (the repository still whole, no file left behind).</summary>
    public Action<BadInputWorld>? Then { get; init; }

    /// <summary>
    /// The command line; <c>{repo}</c>, <c>{kubeconfigs}</c>, <c>{work}</c> and <c>{cluster}</c> (the first
    /// cluster) are filled in. Default: <c>kit deploy</c> of the repository to every cluster.
    /// </summary>
    public IReadOnlyList<string> Args { get; init; } = ["deploy", "--repo", "{repo}", "--kubeconfigs", "{kubeconfigs}"];

    /// <summary>Environment variables of the command (with the placeholders of <see cref="Args"/>).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public int Exit { get; init; } = ExitCodes.Failed;

    /// <summary>What the error line names: the file (with its line where there is one), setting, flag or object.</summary>
    public required string Names { get; init; }

    /// <summary>More words the same line must hold (the reason), when the name alone would not show it.</summary>
    public string? Says { get; init; }

    /// <summary>Clusters the input is not bad for: they deploy as usual. Every other cluster is left as it was.</summary>
    public IReadOnlyList<string> Healthy { get; init; } = [];

    /// <summary>How long the command may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public override string ToString() => Name;
}
