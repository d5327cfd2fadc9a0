namespace Kit.Contracts;

/// <summary>One cluster's complete manifest set for one commit.</summary>
public sealed record ManifestsRendered
{
    public required Guid CorrelationId { get; init; }
    public required string Cluster { get; init; }
    public required string Repository { get; init; }
    public required string Ref { get; init; }
    public required string CommitSha { get; init; }

    /// <summary>Grows along the branch's first-parent history, so a deployer can tell newer from older.</summary>
    public required long Sequence { get; init; }

    /// <summary>SHA-256 of the manifest set, hex.</summary>
    public required string Digest { get; init; }

    public required IReadOnlyList<RenderedManifest> Manifests { get; init; }

    /// <summary>kit's deploy id (fast-rollback names workloads after it).</summary>
    public string? DeployId { get; init; }

    /// <summary><c>rolling-update</c> (default) or <c>fast-rollback</c>.</summary>
    public string? Strategy { get; init; }

    /// <summary>The cluster's allowFailure: its failures are reported but do not fail the deployment.</summary>
    public bool AllowFailure { get; init; }

    public string? SourceImage { get; init; }

    /// <summary>
    /// Names of the env entries whose values came from the renderer's environment (<c>external: true</c>):
    /// secrets, so diffs hide their values as they hide Secret data. Null when there are none.
    /// </summary>
    public IReadOnlyList<string>? ExternalEnv { get; init; }

    /// <summary>
    /// kit's <c>namespaces/&lt;cluster&gt;/*.yaml</c>: Namespace objects created before the manifests when
    /// missing, and never updated. Null when the folder is absent.
    /// </summary>
    public IReadOnlyList<RenderedManifest>? Namespaces { get; init; }

    /// <summary>
    /// The cluster's folder was removed from the repository: <see cref="Manifests"/> is empty, and the deployer
    /// prunes what kit deployed there only with <c>Kit__Deployer__PruneRemovedClusters=true</c>.
    /// </summary>
    public bool Removed { get; init; }
}
