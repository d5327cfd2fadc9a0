using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Kit.Git;

/// <summary>An OCI image reference, <c>[registry/]path[:tag][@algorithm:digest]</c>, checked by the distribution grammar.</summary>
public sealed partial record ImageReference(string? Registry, string Path, string? Tag, string? Digest)
{
    const int MaxNameLength = 255;

    /// <summary>The last path segment, kit's default image repository key.</summary>
    public string Key => Path[(Path.LastIndexOf('/') + 1)..];

    public override string ToString() =>
        (Registry is null ? "" : Registry + "/") + Path + (Tag is null ? "" : ":" + Tag) + (Digest is null ? "" : "@" + Digest);

    public static ImageReference Parse(string value) =>
        TryParse(value, out var reference, out var error) ? reference : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out ImageReference? reference, out string error)
    {
        reference = null;
        error = "";
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "the image reference is empty";
            return false;
        }

        var match = Grammar().Match(value);
        if (!match.Success)
        {
            error = $"'{Shorten(value)}' is not a valid image reference (expected registry/repository:tag or registry/repository@sha256:<64 hex>)";
            return false;
        }

        var name = match.Groups["name"].Value;
        if (name.Length > MaxNameLength)
        {
            error = $"the image name is longer than {MaxNameLength} characters";
            return false;
        }

        string? registry = null;
        var path = name;
        var slash = name.IndexOf('/');
        if (slash > 0)
        {
            var first = name[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost" || first.Any(char.IsUpper))
            {
                registry = first;
                path = name[(slash + 1)..];
            }
        }

        if (!PathGrammar().IsMatch(path))
        {
            error = $"'{Shorten(value)}' is not a valid image reference: repository path '{Shorten(path)}' must be lowercase letters, digits and separators";
            return false;
        }

        reference = new ImageReference(
            registry,
            path,
            match.Groups["tag"].Success ? match.Groups["tag"].Value : null,
            match.Groups["digest"].Success ? match.Groups["digest"].Value : null);
        return true;
    }

    static string Shorten(string value) => value.Length <= 80 ? value : value[..77] + "...";

    [GeneratedRegex(@"^(?<name>(?:(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*)(?::(?<tag>[\w][\w.-]{0,127}))?(?:@(?<digest>sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128}))?$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex Grammar();

    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$", RegexOptions.CultureInvariant, 1000)]
    private static partial Regex PathGrammar();
}
