using System.Buffers;
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
    IReadOnlyList<RenderError> Warnings,
    IReadOnlyList<RenderedFile>? Namespaces = null)
{
    /// <summary>The folder kit's Namespace files are read from: <c>namespaces/&lt;cluster&gt;/</c> at the repository root.</summary>
    public const string NamespacesFolder = "namespaces";

    /// <summary>True when the cluster has no errors (warnings, e.g. allowed failures, do not count).</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>Names of the env entries filled from the renderer's environment (<c>external: true</c>): their values are secrets.</summary>
    public IReadOnlyCollection<string> ExternalEnv { get; init; } = [];

    /// <summary>kit's <c>namespaces/&lt;cluster&gt;/*.yaml</c> files of the cluster, as they are in the repository.</summary>
    public IReadOnlyList<RenderedFile> Namespaces { get; } = Namespaces ?? [];

    /// <summary>
    /// SHA-256 (hex) over the file names and contents in name order, the namespace files named <c>namespaces/&lt;file&gt;</c>
    /// (no manifest's name has a '/'): equal sets, equal digests; a cluster without namespace files keeps the digest it had.
    /// </summary>
    public string Digest { get; } = ComputeDigest(Files.Concat((Namespaces ?? []).Select(n => n with { FileName = NamespacesFolder + "/" + n.FileName })));

    public static string ComputeDigest(IEnumerable<RenderedFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            foreach (var file in files.OrderBy(f => f.FileName, StringComparer.Ordinal))
            {
                Append(hash, file.FileName, ref buffer);
                Append(hash, file.Content, ref buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The UTF-8 length (4 bytes, little-endian as BitConverter on these machines) and then the bytes.</summary>
    static void Append(IncrementalHash hash, string text, ref byte[] buffer)
    {
        var size = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (size > buffer.Length)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(size);
        }

        var length = Encoding.UTF8.GetBytes(text, buffer);
        Span<byte> prefix = stackalloc byte[4];
        BitConverter.TryWriteBytes(prefix, length);
        hash.AppendData(prefix);
        hash.AppendData(buffer, 0, length);
    }
}
