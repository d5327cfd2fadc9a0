using Kit.Contracts;
using MassTransit;

namespace Kit.Cli.Demo;

/// <summary>An <c>ImageBuilt</c> for the sample repository's <c>hello</c> service, as CI would publish it.</summary>
public static class SampleImage
{
    public const string Repository = "registry.example.com/team/hello";

    public static ImageBuilt Built(string tag, Guid? deploymentId = null, string committer = "Ada Lovelace", string email = "ada@example.com", string? message = null) => new()
    {
        CorrelationId = deploymentId ?? NewId.NextGuid(),
        Image = $"{Repository}:{tag}",
        Repository = "hello",
        Branch = "main",
        SourceCommit = "4b825dc642cb6eb9a060e54bf8d69288fbee4904",
        CommitterName = committer,
        CommitterEmail = email,
        Message = message ?? $"Build {tag}",
        BuiltAt = DateTimeOffset.UtcNow,
    };
}
