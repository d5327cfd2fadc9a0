namespace Kit.Rendering.Templates;

/// <summary>A parsed template, rendered many times (once per resource and cluster) from any thread.</summary>
public interface ITemplate
{
    /// <summary>The repository path of the template, for messages.</summary>
    string Path { get; }

    /// <summary>
    /// Renders with the template data (ordered maps, lists and scalars); throws <see cref="RenderException"/>, or
    /// <see cref="OperationCanceledException"/> soon after <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    string Render(IReadOnlyDictionary<string, object?> data, CancellationToken cancellationToken = default);
}
