namespace Kit.Git;

/// <summary>The repository settings would send a password over plain http and that is not allowed.</summary>
public sealed class InsecureRepositoryException(string message) : InvalidOperationException(message);
