namespace Kit.Contracts;

/// <summary>What the deployer did with one object.</summary>
public sealed record ResourceAction
{
    public required string Kind { get; init; }
    public string? Namespace { get; init; }
    public required string Name { get; init; }

    /// <summary><c>created</c>, <c>configured</c>, <c>recreated</c>, <c>unchanged</c>, <c>pruned</c> or <c>failed</c>.</summary>
    public required string Action { get; init; }

    /// <summary>In diff mode, the fields that would change (<c>path: live → desired</c>; Secret values redacted).</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];
}
