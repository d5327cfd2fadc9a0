using System.Security.Cryptography;
using System.Text;

namespace Kit.Rendering;

/// <summary>One cluster's rendered manifest set, or why it could not be rendered.</summary>
public sealed record ClusterManifests(
    string Cluster,
    string? Type,
    bool AllowFailure,
    IReadOnlyList<RenderedFile> Files,
    IReadOnlyList<RenderError> Errors,
    IReadOnlyList<RenderError> Warnings)
{
    /// <summary>True when the cluster has no errors (warnings, e.g. allowed failures, do not count).</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>SHA-256 (hex) over the file names and contents in name order: equal sets, equal digests.</summary>
    public string Digest { get; } = ComputeDigest(Files);

    public static string ComputeDigest(IEnumerable<RenderedFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files.OrderBy(f => f.FileName, StringComparer.Ordinal))
        {
            var name = Encoding.UTF8.GetBytes(file.FileName);
            var content = Encoding.UTF8.GetBytes(file.Content);
            hash.AppendData(BitConverter.GetBytes(name.Length));
            hash.AppendData(name);
            hash.AppendData(BitConverter.GetBytes(content.Length));
            hash.AppendData(content);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
