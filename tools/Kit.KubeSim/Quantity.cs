using System.Globalization;
using System.Text.RegularExpressions;

namespace Kit.KubeSim;

/// <summary>A resource.Quantity's value (`1Gi`, `500M`, `1.5e3`), for comparing sizes as the API server does.</summary>
static partial class Quantity
{
    public static decimal? Parse(string? text)
    {
        var match = text is null ? null : QuantityPattern().Match(text);
        if (match is null || !match.Success || !decimal.TryParse(match.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return null;
        }

        var suffix = match.Groups[2].Value;
        if (suffix.Length > 1 && suffix[0] is 'e' or 'E')
        {
            return number * (decimal)Math.Pow(10, int.Parse(suffix[1..], CultureInfo.InvariantCulture));
        }

        return number * suffix switch
        {
            "Ki" => 1L << 10, "Mi" => 1L << 20, "Gi" => 1L << 30, "Ti" => 1L << 40, "Pi" => 1L << 50, "Ei" => 1L << 60,
            "n" => 0.000000001m, "u" => 0.000001m, "m" => 0.001m, "" => 1m,
            "k" => 1e3m, "M" => 1e6m, "G" => 1e9m, "T" => 1e12m, "P" => 1e15m, "E" => 1e18m,
            _ => 1m,
        };
    }

    [GeneratedRegex(@"^([+-]?[0-9]*\.?[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$")]
    private static partial Regex QuantityPattern();
}
