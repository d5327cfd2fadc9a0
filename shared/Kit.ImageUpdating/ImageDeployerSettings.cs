using System.ComponentModel.DataAnnotations;
using Kit.Git;

namespace Kit.ImageUpdating;

/// <summary>
/// How the image-deployer writes and pushes images: <c>Kit:ImageDeployer</c>, the keys every writer of the branch
/// shares (<see cref="BranchWriterSettings"/>) and its own (the watcher's keys of this section are <c>CommitWatchingSettings</c>).
/// </summary>
public sealed class ImageDeployerSettings : BranchWriterSettings
{
    /// <summary>How long the first pending image waits for others to share its commit.</summary>
    [Range(0, 10_000, ErrorMessage = "Kit__ImageDeployer__BatchWindowMilliseconds must be between 0 and 10000")]
    public int BatchWindowMilliseconds { get; set; } = 25;

    /// <summary>The most images written in one commit.</summary>
    [Range(1, 10_000, ErrorMessage = "Kit__ImageDeployer__MaxBatch must be between 1 and 10000")]
    public int MaxBatch { get; set; } = 200;

    /// <summary>The bearer token of <c>POST /api/images</c> (ImageBuilt over HTTP, for CI without broker access); unset = refused.</summary>
    public string? ApiToken { get; set; }

    /// <summary>
    /// The largest body <c>POST /hooks/git</c> and <c>POST /api/images</c> accept; a larger one is refused with 413 while it
    /// is read, never buffered. Push payloads and image posts are a few KiB; GitHub caps payloads at 25 MiB.
    /// </summary>
    [Range(1_024, 26_214_400, ErrorMessage = "Kit__ImageDeployer__MaxRequestBytes must be between 1024 and 26214400 (25 MiB)")]
    public int MaxRequestBytes { get; set; } = 1_048_576;
}
