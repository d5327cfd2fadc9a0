namespace Kit.Tracking.Queries;

/// <summary>
/// Deployment ids as people type them: the whole GUID, or its first characters (8 or more, as logs print
/// them), with or without the dashes of the GUID's usual form.
/// </summary>
public static class DeploymentIds
{
    /// <summary>The fewest characters of an id accepted: as many as the logs print.</summary>
    public const int MinPrefix = 8;

    static readonly int[] Dashes = [8, 13, 18, 23];

    /// <summary>
    /// The id's hexadecimal digits, lower-case and without dashes (32 for a whole id, fewer for a prefix),
    /// or false and a one-line <paramref name="error"/>.
    /// </summary>
    public static bool TryParse(string text, out string hex, out string error)
    {
        hex = "";
        error = "";
        if (Guid.TryParse(text, out var whole))
        {
            hex = whole.ToString("N");
            return true;
        }

        var dashed = text.Length > 8 && text[8] == '-';
        var valid = text.Length <= (dashed ? 36 : 32)
            && text.Select((c, i) => dashed && Dashes.Contains(i) ? c == '-' : char.IsAsciiHexDigit(c)).All(ok => ok);
        if (!valid)
        {
            error = $"{Shown(text)} is not a deployment id: give the id or at least its first {MinPrefix} characters, as the logs print it";
            return false;
        }

        hex = text.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
        if (hex.Length < MinPrefix)
        {
            error = $"{text} is too short for a deployment id: give at least its first {MinPrefix} characters";
            hex = "";
            return false;
        }

        return true;
    }

    static string Shown(string text) => text.Length > 60 ? text[..60] + "…" : text;
}
