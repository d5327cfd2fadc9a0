using System.Globalization;
using System.Text;

namespace Kit.Rendering;

/// <summary>
/// Template values behave as the JavaScript values kit-deploymentizer rendered: how they print
/// (<c>1.50</c> prints <c>1.5</c>, lists join with commas) and which are false in a section.
/// </summary>
public static class JsValues
{
    /// <summary>JavaScript's <c>String(value)</c>; null prints as "null" as in JavaScript (Mustache skips it first).</summary>
    public static string ToJsString(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        double d => FormatNumber(d),
        List<object?> list => string.Join(',', list.Select(item => item is null ? "" : ToJsString(item))),
        IDictionary<string, object?> => "[object Object]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>JavaScript truthiness: false, null, 0, NaN and "" are false; everything else, even [] and {}, is true.</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        int i => i != 0,
        double d => d != 0 && !double.IsNaN(d),
        _ => true,
    };

    /// <summary>ECMAScript Number::toString: shortest round-trip digits, exponent only below 1e-6 or from 1e21.</summary>
    public static string FormatNumber(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "Infinity" : "-Infinity";
        }

        if (value == 0)
        {
            return "0";
        }

        var negative = value < 0;
        // Shortest digits that round-trip ("R"), then split into digits and exponent.
        var shortest = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var ePos = shortest.IndexOfAny(['E', 'e']);
        var mantissa = ePos < 0 ? shortest : shortest[..ePos];
        var exponent = ePos < 0 ? 0 : int.Parse(shortest[(ePos + 1)..], CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? "" : mantissa[(dot + 1)..];
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            return "0";
        }

        // value = 0.digits × 10^n
        var n = intPart.Length + exponent - leadingZeros;
        var k = digits.Length;
        var text = new StringBuilder();
        if (negative)
        {
            text.Append('-');
        }

        if (k <= n && n <= 21)
        {
            text.Append(digits).Append('0', n - k);
        }
        else if (0 < n && n <= 21)
        {
            text.Append(digits, 0, n).Append('.').Append(digits, n, k - n);
        }
        else if (-6 < n && n <= 0)
        {
            text.Append("0.").Append('0', -n).Append(digits);
        }
        else
        {
            var e = n - 1;
            text.Append(digits[0]);
            if (k > 1)
            {
                text.Append('.').Append(digits, 1, k - 1);
            }

            text.Append('e').Append(e >= 0 ? "+" : "-").Append(Math.Abs(e).ToString(CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>mustache.js 2.2.1's escapeHtml: <c>&amp; &lt; &gt; " ' / ` =</c>.</summary>
    public static void AppendEscaped(StringBuilder output, string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var entity = text[i] switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                '/' => "&#x2F;",
                '`' => "&#x60;",
                '=' => "&#x3D;",
                _ => null,
            };
            if (entity is null)
            {
                continue;
            }

            output.Append(text, start, i - start).Append(entity);
            start = i + 1;
        }

        output.Append(text, start, text.Length - start);
    }
}
