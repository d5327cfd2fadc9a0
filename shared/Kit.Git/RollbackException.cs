namespace Kit.Git;

/// <summary>A rollback that must not be written: an unknown commit, one that is not on the branch, a path outside the repository.</summary>
public sealed class RollbackException(string message) : Exception(message);
