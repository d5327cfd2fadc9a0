using System.Globalization;

namespace Kit.Bench;

/// <summary>A scenario's <c>--name N</c> options.</summary>
static class BenchOptions
{
    public static int Int(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], CultureInfo.InvariantCulture, out var value) ? value : fallback;
    }
}
