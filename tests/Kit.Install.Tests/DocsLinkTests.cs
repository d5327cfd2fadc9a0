using System.Text.RegularExpressions;
using Kit.Harness;

namespace Kit.Install.Tests;

public sealed partial class DocsLinkTests
{
    /// <summary>Inline links and images, <c>[text](target)</c> or <c>[text](target "title")</c>.</summary>
    [GeneratedRegex(@"\]\(\s*<?([^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    /// <summary>Reference definitions, <c>[name]: target</c>.</summary>
    [GeneratedRegex(@"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", RegexOptions.Multiline)]
    private static partial Regex ReferenceLink();

    /// <summary>Fenced code blocks, whose brackets are not links.</summary>
    [GeneratedRegex(@"^\s*(```|~~~).*?^\s*\1", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"`[^`\n]*`")]
    private static partial Regex InlineCode();

    /// <summary><c>Kit:Section:Key</c> names, also inside longer ones such as <c>Kit:Webhook:Urls:&lt;Event&gt;</c>.</summary>
    [GeneratedRegex(@"\bKit(?::[A-Za-z][A-Za-z0-9]*)+")]
    private static partial Regex SettingName();

    public static TheoryData<string> MarkdownFiles()
    {
        var root = RepositoryRoot.Path;
        var files = new List<string> { "README.md" };
        foreach (var pattern in new[] { "docs", "deploy", "tools/*", "shared/*" })
        {
            var parts = pattern.Split('/');
            var folders = parts.Length == 1
                ? [Path.Combine(root, parts[0])]
                : Directory.GetDirectories(Path.Combine(root, parts[0]));
            foreach (var folder in folders)
            {
                var files1 = pattern == "docs" ? Directory.GetFiles(folder, "*.md") : Directory.GetFiles(folder, "README.md");
                files.AddRange(files1.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')));
            }
        }

        var data = new TheoryData<string>();
        foreach (var file in files.Distinct().Order(StringComparer.Ordinal))
        {
            data.Add(file);
        }

        return data;
    }

    /// <summary>Every relative link target of a Markdown text, anchors and queries removed.</summary>
    public static IEnumerable<string> RelativeLinks(string markdown)
    {
        var text = InlineCode().Replace(FencedCode().Replace(markdown, ""), "");
        var targets = InlineLink().Matches(text).Select(m => m.Groups[1].Value)
            .Concat(ReferenceLink().Matches(text).Select(m => m.Groups[1].Value));
        foreach (var target in targets)
        {
            if (target.StartsWith('#') || Regex.IsMatch(target, "^[a-zA-Z][a-zA-Z0-9+.-]*:"))
            {
                continue; // an anchor on the same page, or http:, https:, mailto: and other schemes
            }

            var path = target.Split('#', 2)[0].Split('?', 2)[0];
            if (path.Length > 0)
            {
                yield return Uri.UnescapeDataString(path);
            }
        }
    }

    [Theory]
    [MemberData(nameof(MarkdownFiles))]
    public void Every_relative_link_resolves(string file)
    {
        var full = RepositoryRoot.Combine(file);
        var folder = Path.GetDirectoryName(full)!;
        var broken = RelativeLinks(File.ReadAllText(full))
            .Where(link =>
            {
                var target = link.StartsWith('/') ? RepositoryRoot.Combine(link.TrimStart('/')) : Path.Combine(folder, link);
                return !File.Exists(target) && !Directory.Exists(target);
            })
            .ToList();

        Assert.True(broken.Count == 0, $"{file} links to what does not exist: {string.Join(", ", broken)}");
    }

    [Fact]
    public void Links_are_found_outside_code_and_without_anchors()
    {
        var links = RelativeLinks("""
            See [the guide](docs/guide.md#start), [site](https://example.com), [mail](mailto:a@b.c), [here](#top),
            ![img](media/a.png "title") and `[not](a-link.md)`.

            ```
            [also not](inside-code.md)
            ```

            [ref]: deploy/README.md
            """).ToList();

        Assert.Equal(["docs/guide.md", "media/a.png", "deploy/README.md"], links);
    }

    [Fact]
    public void Every_setting_in_the_configuration_reference_exists_in_the_code()
    {
        var reference = File.ReadAllText(RepositoryRoot.Combine("docs", "configuration.md"));
        var names = SettingName().Matches(reference).Select(m => m.Value).Distinct().ToList();
        Assert.NotEmpty(names);

        var sources = string.Join('\n', new[] { "shared", "services", "tools" }
            .SelectMany(folder => Directory.EnumerateFiles(RepositoryRoot.Combine(folder), "*.*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && (f.EndsWith(".cs", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("appsettings", StringComparison.Ordinal)))
            .Select(File.ReadAllText));

        var missing = names.Where(name => !Exists(name, sources)).ToList();
        Assert.True(missing.Count == 0, $"docs/configuration.md names settings the code does not have: {string.Join(", ", missing)}");
    }

    /// <summary>
    /// A setting exists when the code spells it out (<c>Kit:A:B</c> or <c>Kit__A__B</c>), or when its
    /// section is spelled out and the key is a property name in the code (options classes bind by name).
    /// </summary>
    static bool Exists(string name, string sources)
    {
        if (sources.Contains(name, StringComparison.Ordinal) || sources.Contains(name.Replace(":", "__"), StringComparison.Ordinal))
        {
            return true;
        }

        var cut = name.LastIndexOf(':');
        var section = name[..cut];
        var key = name[(cut + 1)..];
        var sectionNamed = sources.Contains($"\"{section}\"", StringComparison.Ordinal)
            || sources.Contains(section.Replace(":", "__") + "__", StringComparison.Ordinal);
        return section.Contains(':') && sectionNamed
            && Regex.IsMatch(sources, $@"\bpublic\s+[\w<>?,\s\[\]]+\s+{Regex.Escape(key)}\s*\{{");
    }
}
