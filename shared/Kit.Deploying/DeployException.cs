using Kit.Contracts;

namespace Kit.Deploying;

/// <summary>A deployment to one cluster failed; the message names the object and the reason.</summary>
public sealed class DeployException(string message, DeploymentOutcome outcome = DeploymentOutcome.Failed) : Exception(message)
{
    public DeploymentOutcome Outcome { get; } = outcome;
}
