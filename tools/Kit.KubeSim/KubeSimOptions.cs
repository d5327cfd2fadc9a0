namespace Kit.KubeSim;

/// <summary>How many clusters to simulate and how they behave.</summary>
public sealed class KubeSimOptions
{
    /// <summary>Number of clusters, named c1..cN unless <see cref="Names"/> is set.</summary>
    public int Clusters { get; init; } = 1;

    /// <summary>Explicit cluster names (DNS-1123 labels); overrides <see cref="Clusters"/>.</summary>
    public IReadOnlyList<string>? Names { get; init; }

    /// <summary>Where DIR/&lt;cluster&gt;.yaml kubeconfigs are written; none are written when null.</summary>
    public string? KubeconfigDirectory { get; init; }

    /// <summary>Port on 127.0.0.1; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Delay added to every request.</summary>
    public int LatencyMs { get; init; }

    /// <summary>Time a workload takes from progressing to available.</summary>
    public double RolloutSeconds { get; init; } = 1;

    /// <summary>A regular expression; containers whose image matches never become ready (ImagePullBackOff).</summary>
    public string? FailImages { get; init; }

    /// <summary>Fraction (0..1) of API requests answered with a 500.</summary>
    public double ErrorRate { get; init; }

    /// <summary>Upper bound on a Deployment's progressDeadlineSeconds, so failing rollouts report ProgressDeadlineExceeded quickly.</summary>
    public double ProgressDeadlineSeconds { get; init; } = 10;

    /// <summary>Request log entries kept per cluster (oldest dropped first).</summary>
    public int RequestLogLimit { get; init; } = 10_000;

    public IReadOnlyList<string> ClusterNames() =>
        Names is { Count: > 0 } names ? names : [.. Enumerable.Range(1, Clusters).Select(i => $"c{i}")];
}
