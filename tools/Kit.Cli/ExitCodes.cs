namespace Kit.Cli;

/// <summary>The exit codes of every kit command.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The work ran and something in it failed (a render error, a failed cluster).</summary>
    public const int Failed = 1;

    /// <summary>A flag or setting is missing or wrong.</summary>
    public const int Usage = 2;

    /// <summary>A server (the broker, a cluster, the tracker) could not be reached.</summary>
    public const int Unreachable = 3;
}
