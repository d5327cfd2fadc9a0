namespace Kit.Cli.Commands;

/// <summary>
/// Where a running <c>kit up</c> records the URL it serves on, so that <c>kit status</c> finds its tracker
/// without flags: <c>$XDG_DATA_HOME/kit/up-url</c>, else <c>~/.local/share/kit/up-url</c> (the local
/// application data folder on other systems).
/// </summary>
public static class UpAddress
{
    public static string DefaultFile =>
        Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify), "kit", "up-url");

    /// <summary>Records the URL; false when the file cannot be written (kit up runs on regardless).</summary>
    public static bool TryWrite(string file, string url)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
            File.WriteAllText(file, url + "\n");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The recorded URL, or null when no <c>kit up</c> recorded one.</summary>
    public static string? Read(string file)
    {
        try
        {
            return File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } url ? url : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Removes the record when it is still this instance's (another kit up may have written its own since).</summary>
    public static void Remove(string file, string url)
    {
        if (Read(file) != url)
        {
            return;
        }

        try
        {
            File.Delete(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
