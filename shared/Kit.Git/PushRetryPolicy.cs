namespace Kit.Git;

/// <summary>
/// How often and how patiently a commit is re-applied when its push is refused because the branch moved: a bounded
/// number of retries with full-jitter exponential backoff, and a limit on each git call.
/// </summary>
public sealed record PushRetryPolicy(int Retries, int BackoffMilliseconds, int MaxBackoffMilliseconds, TimeSpan GitTimeout)
{
    /// <summary>The wait before retry <paramref name="attempt"/> (0 = the first): random, up to a ceiling that doubles.</summary>
    public TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(MaxBackoffMilliseconds, BackoffMilliseconds * Math.Pow(2, Math.Min(attempt, 20)));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}
