using System.Text;

namespace Kit.Rendering;

/// <summary>Writes rendered clusters as kit did: <c>&lt;out&gt;/&lt;cluster&gt;/&lt;file&gt;</c>.</summary>
public static class ManifestWriter
{
    static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

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
            cluster =>
            {
                // Cluster names are DNS-1123 and file names come from template names: neither can leave the folder.
                var folder = Path.Combine(full, cluster.Cluster);
                Directory.CreateDirectory(folder);
                foreach (var file in cluster.Files)
                {
                    File.WriteAllText(Path.Combine(folder, file.FileName), file.Content, Utf8);
                }

                Interlocked.Add(ref written, cluster.Files.Count);
            });
        return written;
    }
}
