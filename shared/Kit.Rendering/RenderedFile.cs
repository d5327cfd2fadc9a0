namespace Kit.Rendering;

/// <summary>One output file of a cluster, named as kit named it.</summary>
public sealed record RenderedFile(string FileName, string Content);
