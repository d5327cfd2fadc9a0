namespace Kit.Tracking.Queries;

/// <summary>kit's progress object: how far a deployment is across its clusters.</summary>
public sealed record DeploymentProgress
{
    public int Percent { get; init; }
    public int Total { get; init; }
    public int Completed { get; init; }
    public int Remaining { get; init; }

    /// <summary>Succeeded or skipped (already up to date).</summary>
    public int Successful { get; init; }

    /// <summary>Failed, rolled back or timed out.</summary>
    public int Failed { get; init; }
}
