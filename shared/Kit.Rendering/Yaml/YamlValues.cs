using System.Globalization;
using System.Text.RegularExpressions;

namespace Kit.Rendering.Yaml;

/// <summary>
/// Resolves plain YAML scalars as js-yaml 3 (kit's parser) did, so templates see the same values:
/// null, true/false, integers (decimal, 0x, 0o/0 octal, 0b), floats (.inf, .nan); everything else is a string.
/// </summary>
public static partial class YamlValues
{
    public static object? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return true;
            case "false" or "False" or "FALSE":
                return false;
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return double.PositiveInfinity;
            case "-.inf" or "-.Inf" or "-.INF":
                return double.NegativeInfinity;
            case ".nan" or ".NaN" or ".NAN":
                return double.NaN;
        }

        var first = text[0];
        if (!(char.IsAsciiDigit(first) || first is '-' or '+' or '.'))
        {
            return text;
        }

        if (IntPattern().IsMatch(text))
        {
            return ParseInteger(text);
        }

        if (FloatPattern().IsMatch(text) && double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return d;
        }

        return text;
    }

    static object ParseInteger(string text)
    {
        var negative = text[0] == '-';
        var digits = text.TrimStart('-', '+').Replace("_", "");
        int radix = 10;
        if (digits.StartsWith("0x", StringComparison.Ordinal))
        {
            radix = 16;
            digits = digits[2..];
        }
        else if (digits.StartsWith("0b", StringComparison.Ordinal))
        {
            radix = 2;
            digits = digits[2..];
        }
        else if (digits.StartsWith("0o", StringComparison.Ordinal))
        {
            radix = 8;
            digits = digits[2..];
        }
        else if (digits.Length > 1 && digits[0] == '0')
        {
            radix = 8;
            digits = digits[1..];
        }

        double value = 0;
        foreach (var c in digits)
        {
            value = value * radix + Convert.ToInt32(c.ToString(), 16);
        }

        value = negative ? -value : value;
        return Math.Abs(value) <= 9007199254740991 ? (object)(long)value : value;
    }

    [GeneratedRegex(@"^[-+]?(?:0b[01_]+|0x[0-9a-fA-F_]+|0o[0-7_]+|0[0-7_]+|0|[1-9][0-9_]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^(?:[-+]?(?:0|[1-9][0-9_]*)(?:\.[0-9_]*)?(?:[eE][-+]?[0-9]+)?|\.[0-9_]+(?:[eE][-+]?[0-9]+)?)$", RegexOptions.CultureInvariant)]
    private static partial Regex FloatPattern();
}
