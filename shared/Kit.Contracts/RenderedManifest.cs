namespace Kit.Contracts;

/// <summary>One rendered file of a cluster's manifest set.</summary>
public sealed record RenderedManifest
{
    /// <summary>The output file name, e.g. <c>auth-deployment.yaml</c>.</summary>
    public required string FileName { get; init; }

    /// <summary>The YAML text (one or more documents).</summary>
    public required string Content { get; init; }
}
