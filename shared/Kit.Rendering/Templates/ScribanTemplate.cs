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

    public string Render(IReadOnlyDictionary<string, object?> data)
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
        catch (ScriptRuntimeException e)
        {
            throw new RenderException(e.OriginalMessage, Path, e.Span.Start.Line + 1);
        }
    }

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
