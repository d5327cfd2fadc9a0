using System.ComponentModel.DataAnnotations;

namespace Kit.Rendering;

/// <summary>The renderer's settings: <c>Kit:Rendering</c>.</summary>
public sealed class RenderingSettings
{
    public const string Section = "Kit:Rendering";

    /// <summary>How long one cluster's render may take before it fails (the other clusters render on).</summary>
    [Range(1, 3_600, ErrorMessage = "Kit__Rendering__TimeoutSeconds must be between 1 and 3600")]
    public int TimeoutSeconds { get; set; } = 30;
}
