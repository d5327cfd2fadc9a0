namespace Kit.Deploying.Rollout;

/// <summary>Where one workload's rollout stands: done, failed (with why), or still waiting (with on what).</summary>
public sealed record RolloutStatus(bool Done, string? Failure, string Waiting)
{
    public static readonly RolloutStatus Complete = new(true, null, "");

    public static RolloutStatus Fail(string reason) => new(false, reason, "");

    public static RolloutStatus Wait(string what) => new(false, null, what);
}
