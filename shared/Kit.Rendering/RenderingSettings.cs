using System.ComponentModel.DataAnnotations;

namespace Kit.Rendering;

/// <summary>The limits of a render: <c>Kit:Rendering</c>, the same for the deploymentizer, <c>kit up</c>, <c>kit render</c>, <c>kit deploy</c> and <c>kit diff</c>.</summary>
public sealed class RenderingSettings
{
    public const string Section = "Kit:Rendering";

    /// <summary>Far above any real manifest (etcd stores objects of at most 1.5 MiB), far below what hurts a process.</summary>
    public const int DefaultMaxOutputBytes = 4 * 1024 * 1024;

    /// <summary>The largest file one template may render, in UTF-8 bytes; a bigger one fails, it is never cut.</summary>
    [Range(1024, int.MaxValue, ErrorMessage = "Kit__Rendering__MaxOutputBytes must be a number of bytes from 1024 to 2147483647")]
    public int MaxOutputBytes { get; set; } = DefaultMaxOutputBytes;

    /// <summary>How long one cluster's render may take before it fails (the other clusters render on).</summary>
    [Range(1, 3_600, ErrorMessage = "Kit__Rendering__TimeoutSeconds must be between 1 and 3600")]
    public int TimeoutSeconds { get; set; } = 30;
}
