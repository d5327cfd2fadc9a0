namespace Kit.Deploying;

/// <summary>How one deployment applies: kit's dry-run, diff, create-only, raw and force modes.</summary>
public sealed record DeployModes
{
    /// <summary>Server-side <c>dryRun=All</c>: reports what would change, writes nothing.</summary>
    public bool DryRun { get; init; }

    /// <summary>Compares live and desired objects, writes nothing.</summary>
    public bool Diff { get; init; }

    /// <summary>Creates missing objects, never changes existing ones.</summary>
    public bool CreateOnly { get; init; }

    /// <summary>Applies exactly as rendered: no kit labels (so nothing applied raw is ever pruned).</summary>
    public bool Raw { get; init; }

    /// <summary>Deploys even when the digest equals the cluster's inventory.</summary>
    public bool Force { get; init; }

    public bool WritesNothing => DryRun || Diff;
}
