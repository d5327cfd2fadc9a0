using Kit.Rendering.Templates;
using Kit.Rendering.Yaml;

namespace Kit.Rendering.Tests;

/// <summary>Mustache renders as mustache.js 2.2.1 did for kit-deploymentizer.</summary>
public sealed class MustacheTemplateTests
{
    static string Render(string template, string yamlData) =>
        MustacheTemplate.Parse("t.mustache", template).Render((IReadOnlyDictionary<string, object?>)YamlLoader.LoadSingle(yamlData, "data.yaml")!);

    [Fact]
    public void Double_braces_escape_what_mustache_js_escapes_and_triple_braces_do_not()
    {
        const string data = "x: \"a&b<c>d\\\"e'f/g`h=i\"";

        Assert.Equal("a&amp;b&lt;c&gt;d&quot;e&#39;f&#x2F;g&#x60;h&#x3D;i", Render("{{x}}", data));
        Assert.Equal("a&b<c>d\"e'f/g`h=i", Render("{{{x}}}", data));
        Assert.Equal("a&b<c>d\"e'f/g`h=i", Render("{{&x}}", data));
    }

    [Fact]
    public void Numbers_and_booleans_print_as_javascript_prints_them()
    {
        Assert.Equal("1.5 2 100 0.000001 1e-7 1e+21 true false", Render("{{a}} {{b}} {{c}} {{d}} {{e}} {{f}} {{g}} {{h}}",
            "a: 1.50\nb: 2.0\nc: 1e2\nd: 0.000001\ne: 0.0000001\nf: 1000000000000000000000\ng: true\nh: false"));
        Assert.Equal("1,x,", Render("{{list}}", "list: [1, x, null]"));
    }

    [Fact]
    public void Sections_iterate_lists_push_objects_and_skip_javascript_falsy_values()
    {
        Assert.Equal("a;b;", Render("{{#l}}{{.}};{{/l}}", "l: [a, b]"));
        Assert.Equal("in-outer", Render("{{#o}}{{x}}-{{y}}{{/o}}", "o: {x: in}\ny: outer"));
        Assert.Equal("", Render("{{#z}}shown{{/z}}{{#e}}shown{{/e}}{{#n}}shown{{/n}}", "z: 0\ne: ''\nn: null"));
        Assert.Equal("shown shown", Render("{{#s}}shown{{/s}} {{#f}}shown{{/f}}", "s: '0'\nf: 'false'"));
        Assert.Equal("none", Render("{{^l}}none{{/l}}", "l: []"));
    }

    [Fact]
    public void Dotted_name_missing_in_an_inner_context_is_looked_up_outside()
    {
        Assert.Equal("outer", Render("{{#items}}{{a.b}}{{/items}}", "a: {b: outer}\nitems: [{a: {c: 1}}]"));
        Assert.Equal("", Render("{{missing.name}}", "x: 1"));
    }

    [Fact]
    public void Standalone_section_lines_leave_no_blank_lines()
    {
        var text = Render("labels:\n  {{#id}}\n  id: {{{id}}}\n  {{/id}}\n  app: x\n", "id: SOME-SHA");

        Assert.Equal("labels:\n  id: SOME-SHA\n  app: x\n", text);
    }

    [Fact]
    public void Unclosed_section_is_a_syntax_error_naming_the_template()
    {
        var error = Assert.Throws<RenderException>(() => MustacheTemplate.Parse("resources/x.mustache", "{{#a}}open"));

        Assert.Equal("resources/x.mustache", error.File);
    }

    [Theory]
    [InlineData("a: 1\nb: 2\n  {{#items}}\n  x\n", 3, 3)]
    [InlineData("a: 1\nb: {{/items}}\n", 2, 4)]
    [InlineData("{{#a}}\n{{/b}}\n", 2, 1)]
    public void A_syntax_error_gives_the_line_and_column_not_a_character_offset(string template, int line, int column)
    {
        var error = Assert.Throws<RenderException>(() => MustacheTemplate.Parse("resources/x.mustache", template));

        Assert.Equal(line, error.Line);
        Assert.Contains($"at column {column}", error.Message);
        Assert.DoesNotMatch(@" at \d", error.Message);
        Assert.StartsWith($"resources/x.mustache:{line}: Mustache syntax error: ", error.ToError().ToString());
    }
}
