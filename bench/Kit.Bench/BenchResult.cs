using System.Diagnostics;
using System.Globalization;

namespace Kit.Bench;

/// <summary>A scenario's correctness check and figures, printed as the RESULT line.</summary>
public sealed record BenchResult(bool Ok, TimeSpan Elapsed, IReadOnlyDictionary<string, object> Figures)
{
    public string Line(string scenario)
    {
        var figures = string.Join(' ', Figures.Select(f => $"{f.Key}={Format(f.Value)}"));
        return $"RESULT {scenario} ok={(Ok ? "true" : "false")} seconds={Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} peak_mb={PeakMegabytes():0} {figures}".TrimEnd();
    }

    /// <summary>The process's peak resident set (VmHWM), in MiB.</summary>
    public static double PeakMegabytes()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            if (line is not null)
            {
                return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
            }
        }
        catch (IOException)
        {
        }

        return Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
    }

    static string Format(object value) => value switch
    {
        double d => d.ToString("0.##", CultureInfo.InvariantCulture),
        float f => f.ToString("0.##", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };
}
