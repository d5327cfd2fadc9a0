namespace Kit.Contracts;

/// <summary>One object of a <see cref="DriftDetected"/>.</summary>
public sealed record DriftedObject
{
    public required string Kind { get; init; }
    public string? Namespace { get; init; }
    public required string Name { get; init; }

    /// <summary>True when the object is gone from the cluster.</summary>
    public bool Missing { get; init; }

    /// <summary>The drifted fields, e.g. <c>spec.replicas: 1 -> 3</c> (live, then desired).</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>The field managers that made the change, e.g. <c>kubectl-scale</c>.</summary>
    public IReadOnlyList<string> Managers { get; init; } = [];
}
