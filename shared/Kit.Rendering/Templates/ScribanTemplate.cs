using System.Text.RegularExpressions;
using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace Kit.Rendering.Templates;

/// <summary>
/// A Scriban template in strict mode: an unknown variable or member is an error with its line, never
/// an empty string that would deploy a broken manifest; an output over the limit is an error, never cut.
/// </summary>
public sealed class ScribanTemplate : ITemplate
{
    /// <summary>
    /// The longest one regular expression of a builtin (regex.match, regex.replace, …) may run: Scriban's default
    /// is 10 s, far beyond what a match on manifest-sized text needs, and a catastrophic pattern would use it all.
    /// </summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromSeconds(1);

    readonly Template template;
    readonly int maxOutputBytes;

    ScribanTemplate(string path, Template template, int maxOutputBytes)
    {
        Path = path;
        this.template = template;
        this.maxOutputBytes = maxOutputBytes;
    }

    public string Path { get; }

    public static ScribanTemplate Parse(string path, string text, int maxOutputBytes = RenderingSettings.DefaultMaxOutputBytes)
    {
        var template = Template.Parse(text, path);
        if (template.HasErrors)
        {
            var first = template.Messages.First(m => m.Type == Scriban.Parsing.ParserMessageType.Error);
            throw new RenderException("Scriban syntax error: " + first.Message, path, first.Span.Start.Line + 1);
        }

        return new ScribanTemplate(path, template, maxOutputBytes);
    }

    public string Render(IReadOnlyDictionary<string, object?> data, CancellationToken cancellationToken = default)
    {
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            EnableRelaxedFunctionAccess = false,
            MemberRenamer = member => member.Name,
            LoopLimit = 100_000,
            RecursiveLimit = 100,

            // Scriban cuts any value printed past LimitToString (1 MiB by default) without a word: no cut
            // here, the whole output is bounded instead, in characters (never more than its bytes), and fails.
            LimitToString = 0,
            OutputLimit = maxOutputBytes,
            OnOutputLimit = ScriptLimitBehavior.Throw,
            RegexTimeOut = RegexTimeout,

            // Checked by Scriban at every loop step and function call: how a render past its time limit stops.
            CancellationToken = cancellationToken,
        };
        context.PushGlobal(ToScriptObject(data));
        try
        {
            var output = template.Render(context);
            OutputLimit.Check(output, Path, maxOutputBytes);
            return output;
        }
        catch (ScriptRuntimeException e) when (e.OriginalMessage.Contains("OutputLimit", StringComparison.Ordinal))
        {
            throw OutputLimit.Exceeded(Path, maxOutputBytes, e.Span.Start.Line + 1);
        }
        catch (ScriptAbortException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (ScriptRuntimeException e) when (e.InnerException is RegexMatchTimeoutException)
        {
            throw new RenderException(RegexMessage, Path, e.Span.Start.Line + 1);
        }
        catch (ScriptRuntimeException e)
        {
            throw new RenderException(e.OriginalMessage, Path, e.Span.Start.Line + 1);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new RenderException(RegexMessage, Path);
        }
    }

    static string RegexMessage => $"a regular expression ran longer than {RegexTimeout.TotalSeconds:0.#} s (catastrophic backtracking?)";

    static ScriptObject ToScriptObject(IEnumerable<KeyValuePair<string, object?>> map)
    {
        var result = new ScriptObject();
        foreach (var (key, value) in map)
        {
            result.SetValue(key, Convert(value), readOnly: false);
        }

        return result;
    }

    static object? Convert(object? value) => value switch
    {
        IReadOnlyDictionary<string, object?> map => ToScriptObject(map),
        List<object?> list => new ScriptArray(list.Select(Convert)),
        _ => value,
    };
}
