using System.Security.Cryptography;
using System.Text;

namespace Kit.Git;

/// <summary>Name-based UUIDs (RFC 9562 version 5): the same name always gives the same id, in every process.</summary>
public static class DeterministicGuid
{
    /// <summary>The namespace of kit's commit ids.</summary>
    public static readonly Guid CommitNamespace = new("0f6b1d5e-3c4a-4b8e-9a71-6d2f1c0e8b54");

    /// <summary>The deployment id of a commit announced by a watcher: derived from the repository and the sha.</summary>
    public static Guid ForCommit(string repository, string sha) => Create(CommitNamespace, repository + "@" + sha.ToLowerInvariant());

    public static Guid Create(Guid @namespace, string name)
    {
        Span<byte> ns = stackalloc byte[16];
        @namespace.TryWriteBytes(ns, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[16 + nameBytes.Length];
        ns.CopyTo(input);
        nameBytes.CopyTo(input, 16);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // RFC 9562 defines version 5 UUIDs over SHA-1; an id, not a secret
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
