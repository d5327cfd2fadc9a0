using System.Diagnostics.CodeAnalysis;
using Kit.Contracts;
using Kit.Git;
using MassTransit;

namespace Kit.Cli.Commands;

/// <summary>The values of <c>kit publish image-built</c>, after environment fall-backs.</summary>
public sealed record PublishRequest(
    string? Image,
    string? Registry,
    string? CommitId,
    string? Branch,
    string? Repository,
    string? Commit,
    string? CommitterName,
    string? CommitterEmail,
    string? Message,
    string? RabbitMq)
{
    /// <summary>The image-deployer's <c>POST /api/images</c>: when set, the event is posted there instead of to the broker.</summary>
    public string? Url { get; init; }

    /// <summary>The bearer token of <see cref="Url"/> (<c>Kit__ImageDeployer__ApiToken</c>).</summary>
    public string? Token { get; init; }

    /// <summary>Allow <see cref="Url"/> to be plain <c>http://</c> to another machine, where anyone on the path can read the token.</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>The kit.yaml source the image was built from; it is pinned to <see cref="SourceCommit"/>, else <see cref="Commit"/>.</summary>
    public string? SourceName { get; init; }

    public string? SourceCommit { get; init; }

    /// <summary>Builds the event, or says in one line what is wrong.</summary>
    public bool TryBuild([NotNullWhen(true)] out ImageBuilt? message, out string error)
    {
        message = null;
        if (string.IsNullOrWhiteSpace(Branch))
        {
            error = "no branch: give --branch or set CI_BRANCH";
            return false;
        }

        var image = Image;
        if (string.IsNullOrWhiteSpace(image))
        {
            if (string.IsNullOrWhiteSpace(Registry) || string.IsNullOrWhiteSpace(CommitId))
            {
                error = "no image: give --image REF, or --registry and --commit-id";
                return false;
            }

            // kit's tag form: <branch>-<commit>, with the characters a tag cannot hold replaced.
            image = $"{Registry.TrimEnd('/')}:{SanitizeTag($"{Branch}-{CommitId}")}";
        }

        if (!ImageReference.TryParse(image, out var reference, out error))
        {
            return false;
        }

        SourceRevision? source = null;
        if (!string.IsNullOrWhiteSpace(SourceName))
        {
            var pin = SourceCommit ?? Commit ?? CommitId;
            if (pin is null || !SourcesLock.IsSha(pin.Trim()))
            {
                error = $"--source-name {SourceName} needs the full 40-character commit sha to pin: give --source-commit or --commit";
                return false;
            }

            source = new SourceRevision { Name = SourceName.Trim(), Commit = pin.Trim() };
        }
        else if (!string.IsNullOrWhiteSpace(SourceCommit))
        {
            error = "--source-commit needs --source-name";
            return false;
        }

        message = ImageAnnouncement.For(
            reference, Repository, Branch, NewId.NextGuid(), DateTimeOffset.UtcNow, Commit ?? CommitId, CommitterName, CommitterEmail, Message, source);
        return true;
    }

    static string SanitizeTag(string tag)
    {
        var chars = tag.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-' ? c : '-').ToArray();
        var result = new string(chars).TrimStart('.', '-');
        return result.Length > 128 ? result[..128] : result;
    }
}
