using System.CommandLine;
using System.CommandLine.Completions;
using System.Text;

namespace Kit.Cli.Commands;

/// <summary>
/// <c>kit completion bash|zsh|fish</c>: a shell script, generated from kit's own commands, that completes
/// commands, flags and the values a flag accepts (files for the others).
/// </summary>
public static class CompletionCommand
{
    public const string Bash = "bash";
    public const string Zsh = "zsh";
    public const string Fish = "fish";

    public static Command Create(Func<RootCommand> root)
    {
        var shell = new Argument<string>("SHELL") { Description = "bash, zsh or fish", HelpName = "bash|zsh|fish" };
        shell.AcceptOnlyFromAmong(Bash, Zsh, Fish);
        var command = new Command("completion", """
            Print a shell completion script for kit's commands and flags.
            bash: source <(kit completion bash)   (or save it in /etc/bash_completion.d/kit)
            zsh:  source <(kit completion zsh)    (in ~/.zshrc, after compinit)
            fish: kit completion fish > ~/.config/fish/completions/kit.fish
            Example: kit completion bash > ~/.local/share/bash-completion/completions/kit
            """)
        {
            shell,
        };
        command.SetAction(result =>
        {
            Console.Out.Write(Script(root(), result.GetValue(shell)!));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The script for <paramref name="shell"/>.</summary>
    public static string Script(RootCommand root, string shell) => shell switch
    {
        Fish => FishScript(root),
        Zsh => "# zsh completion for kit: the bash functions, through zsh's bashcompinit\n"
            + "autoload -U +X bashcompinit && bashcompinit\n" + BashScript(root),
        _ => BashScript(root),
    };

    /// <summary>Every command with its path from the root ("" for kit itself, "publish image-built" for a subcommand).</summary>
    static IEnumerable<(string Path, Command Command)> Walk(Command command, string path)
    {
        yield return (path, command);
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var nested in Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}"))
            {
                yield return nested;
            }
        }
    }

    /// <summary>The options of a command, its ancestors' recursive ones (--help) included.</summary>
    static IEnumerable<Option> OptionsOf(Command command, RootCommand root)
    {
        var own = command.Options.Where(o => !o.Hidden);
        return command == root ? own : own.Concat(root.Options.Where(o => o.Recursive && !o.Hidden));
    }

    // -? is left out (a shell would read it as a pattern), and so are the Windows spellings (/h, /?).
    static IEnumerable<string> Names(Option option) => option.Aliases.Prepend(option.Name).Distinct().Where(n => n.StartsWith('-') && n != "-?");

    static bool TakesValue(Option option) => option.Arity.MaximumNumberOfValues > 0 && option.ValueType != typeof(bool);

    /// <summary>The values an option or argument accepts, when it names them (e.g. json yaml wide).</summary>
    static IReadOnlyList<string> Values(Symbol symbol) =>
        symbol is Option { ValueType: var type } && type == typeof(bool)
            ? []
            : symbol.GetCompletions(CompletionContext.Empty).Select(c => c.Label).ToList();

    static string BashScript(RootCommand root)
    {
        var commands = Walk(root, "").ToList();
        var script = new StringBuilder("""
            # bash completion for kit; load it with: source <(kit completion bash)

            """);
        Function(script, "_kit_words", "the subcommands (and argument values) after a command path",
            commands.Select(c => (c.Path, c.Command.Subcommands.Where(s => !s.Hidden).Select(s => s.Name)
                .Concat(c.Command.Arguments.SelectMany(Values)))));
        Function(script, "_kit_flags", "the flags of a command path",
            commands.Select(c => (c.Path, OptionsOf(c.Command, root).SelectMany(Names))));
        Function(script, "_kit_valued", "the flags of a command path that take a value",
            commands.Select(c => (c.Path, OptionsOf(c.Command, root).Where(TakesValue).SelectMany(Names))));
        Function(script, "_kit_values", "the values of \"path flag\", when the flag names them (else files)",
            commands.SelectMany(c => OptionsOf(c.Command, root).Where(TakesValue)
                .SelectMany(o => Names(o).Select(n => ((c.Path.Length == 0 ? "" : c.Path + " ") + n, (IEnumerable<string>)Values(o))))));
        script.Append("""
            _kit() {
                local cur="${COMP_WORDS[COMP_CWORD]}" prev="" path="" word i values
                (( COMP_CWORD > 1 )) && prev="${COMP_WORDS[COMP_CWORD-1]}"
                for (( i = 1; i < COMP_CWORD; i++ )); do
                    word="${COMP_WORDS[i]}"
                    if [[ "$word" != -* && " $(_kit_words "$path") " == *" $word "* ]]; then
                        path="${path:+$path }$word"
                    fi
                done
                if [[ "$prev" == -* && " $(_kit_valued "$path") " == *" $prev "* ]]; then
                    values="$(_kit_values "${path:+$path }$prev")"
                    if [[ -n "$values" ]]; then
                        COMPREPLY=( $(compgen -W "$values" -- "$cur") )
                    else
                        COMPREPLY=( $(compgen -f -- "$cur") )
                    fi
                elif [[ "$cur" == -* ]]; then
                    COMPREPLY=( $(compgen -W "$(_kit_flags "$path")" -- "$cur") )
                else
                    COMPREPLY=( $(compgen -W "$(_kit_words "$path")" -- "$cur") )
                fi
                return 0
            }
            complete -F _kit kit

            """);
        return script.ToString();
    }

    static void Function(StringBuilder script, string name, string purpose, IEnumerable<(string Key, IEnumerable<string> Words)> cases)
    {
        script.Append($"# {purpose}\n{name}() {{\n    case \"$1\" in\n");
        foreach (var (key, words) in cases)
        {
            var list = words.Distinct().ToList();
            if (list.Count > 0)
            {
                script.Append($"        \"{key}\") echo \"{string.Join(' ', list)}\" ;;\n");
            }
        }

        script.Append("    esac\n}\n\n");
    }

    static string FishScript(RootCommand root)
    {
        var script = new StringBuilder("# fish completion for kit; save it as ~/.config/fish/completions/kit.fish\ncomplete -c kit -f\n");
        foreach (var (path, command) in Walk(root, ""))
        {
            var words = path.Length == 0 ? [] : path.Split(' ');
            var subcommands = command.Subcommands.Where(s => !s.Hidden).ToList();

            // Where this command's words apply: after its path, before any of its subcommands.
            var at = words.Length == 0 ? "__fish_use_subcommand"
                : string.Join("; and ", words.Select(w => $"__fish_seen_subcommand_from {w}"))
                  + (subcommands.Count == 0 ? "" : $"; and not __fish_seen_subcommand_from {string.Join(' ', subcommands.Select(s => s.Name))}");
            foreach (var sub in subcommands)
            {
                script.Append($"complete -c kit -n '{at}' -a {sub.Name} -d {Quote(sub.Description)}\n");
            }

            foreach (var argument in command.Arguments)
            {
                foreach (var value in Values(argument))
                {
                    script.Append($"complete -c kit -n '{at}' -a {value}\n");
                }
            }

            var where = words.Length == 0 ? "" : $" -n '{at}'";
            foreach (var option in OptionsOf(command, root))
            {
                var names = string.Join(' ', Names(option).Select(n => n.StartsWith("--", StringComparison.Ordinal) ? $"-l {n[2..]}" : $"-s {n[1..]}"));
                var values = Values(option);
                var takes = !TakesValue(option) ? "" : values.Count > 0 ? $" -x -a '{string.Join(' ', values)}'" : " -r -F";
                script.Append($"complete -c kit{where} {names}{takes} -d {Quote(option.Description)}\n");
            }
        }

        return script.ToString();
    }

    /// <summary>A fish single-quoted string of the description's first line.</summary>
    static string Quote(string? description)
    {
        var line = (description ?? "").Split('\n')[0].Trim();
        return "'" + line.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'";
    }
}
