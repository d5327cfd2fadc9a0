using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Kit.Rendering;

/// <summary>Writes rendered clusters as kit did: <c>&lt;out&gt;/&lt;cluster&gt;/&lt;file&gt;</c>.</summary>
public static class ManifestWriter
{
    /// <summary>Writes every cluster that rendered (failed clusters write nothing); returns the number of files.</summary>
    public static int Write(IEnumerable<ClusterManifests> clusters, string outputFolder, bool clean, int maxDegreeOfParallelism = 0)
    {
        var full = Path.GetFullPath(outputFolder);
        if (clean && Directory.Exists(full))
        {
            Directory.Delete(full, recursive: true);
        }

        Directory.CreateDirectory(full);
        var written = 0;
        Parallel.ForEach(
            clusters.Where(c => c.Succeeded && c.Files.Count > 0),
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount },
            () => new byte[64 * 1024],
            (cluster, _, buffer) =>
            {
                // Cluster names are DNS-1123 and file names come from template names: neither can leave the folder.
                var folder = Path.Combine(full, cluster.Cluster);
                Directory.CreateDirectory(folder);
                foreach (var file in cluster.Files)
                {
                    var size = Encoding.UTF8.GetMaxByteCount(file.Content.Length);
                    if (size > buffer.Length)
                    {
                        buffer = new byte[size];
                    }

                    var length = Encoding.UTF8.GetBytes(file.Content, buffer);

                    // One open, one write, one close: this runs for tens of thousands of files.
                    using SafeFileHandle handle = File.OpenHandle(Path.Combine(folder, file.FileName), FileMode.Create, FileAccess.Write);
                    RandomAccess.Write(handle, buffer.AsSpan(0, length), 0);
                }

                Interlocked.Add(ref written, cluster.Files.Count);
                return buffer;
            },
            _ => { });
        return written;
    }
}
