using Kit.Rendering.Yaml;

namespace Kit.Rendering.Tests;

/// <summary>kit's merge rules, which repositories depend on.</summary>
public sealed class MergeTests
{
    static object? Yaml(string text) => YamlLoader.LoadSingle(text, "t.yaml");

    [Fact]
    public void Env_lists_merge_by_name_keeping_base_order_and_appending_new_names()
    {
        var merged = KitMerge.Merge(
            Yaml("env: [{name: A, value: base-a}, {name: B, value: base-b}]"),
            Yaml("env: [{name: C, value: new-c}, {name: A, value: over-a}]"));

        var env = (List<object?>)Values.Get(merged, "env")!;
        Assert.Equal(["A:over-a", "B:base-b", "C:new-c"], env.Select(e => $"{Values.GetString(e, "name")}:{Values.GetString(e, "value")}"));
    }

    [Fact]
    public void Null_keeps_the_base_value_false_replaces_it_and_other_lists_merge_by_index()
    {
        var merged = KitMerge.Merge(
            Yaml("a: 1\nb: true\nlist: [{x: 1, y: 2}, {x: 3}]\nenv: [{name: A}]"),
            Yaml("a: null\nb: false\nlist: [{y: 9}]\nenv:"));

        Assert.Equal(1L, Values.Get(merged, "a"));
        Assert.Equal(false, Values.Get(merged, "b"));
        var list = (List<object?>)Values.Get(merged, "list")!;
        Assert.Equal(2, list.Count);
        Assert.Equal(1L, Values.Get(list[0], "x"));
        Assert.Equal(9L, Values.Get(list[0], "y"));
        Assert.Single((List<object?>)Values.Get(merged, "env")!);
    }

    [Fact]
    public void Merging_never_changes_its_inputs()
    {
        var baseValue = Yaml("a: {b: 1}\nenv: [{name: A, value: x}]");
        var before = JsValues.ToJsString(Values.Get(Values.Get(baseValue, "a"), "b"));

        KitMerge.Merge(baseValue, Yaml("a: {b: 2}\nenv: [{name: A, value: y}]"));

        Assert.Equal(before, JsValues.ToJsString(Values.Get(Values.Get(baseValue, "a"), "b")));
        Assert.Equal("x", Values.GetString(((List<object?>)Values.Get(baseValue, "env")!)[0], "value"));
    }

    [Fact]
    public void Merges_of_one_base_with_different_overrides_stay_apart()
    {
        var baseValue = Yaml("a: {b: 1, c: {d: 1}}\nenv: [{name: A, value: x}, {name: B, value: b}]\nlist: [{x: 1}]");

        var one = KitMerge.Merge(baseValue, Yaml("a: {b: 2}\nenv: [{name: A, value: one}]\nlist: [{x: 2}]"));
        var two = KitMerge.Merge(baseValue, Yaml("a: {c: {d: 3}}\nenv: [{name: B, value: two}, {name: C}]"));

        static string Show(object? value) => string.Join(" ", new[]
        {
            Values.GetString(Values.Get(value, "a"), "b"),
            Values.GetString(Values.Get(Values.Get(value, "a"), "c"), "d"),
            string.Join(",", ((List<object?>)Values.Get(value, "env")!).Select(e => $"{Values.GetString(e, "name")}={Values.GetString(e, "value")}")),
            Values.GetString(((List<object?>)Values.Get(value, "list")!)[0], "x"),
        });
        Assert.Equal("2 1 A=one,B=b 2", Show(one));
        Assert.Equal("1 3 A=x,B=two,C= 1", Show(two));
        Assert.Equal("1 1 A=x,B=b 1", Show(baseValue));
    }

    [Fact]
    public void Yaml_scalars_resolve_as_js_yaml_resolved_them()
    {
        var value = Yaml("i: 010\nh: 0x1F\nf: 1.50\nt: True\ny: yes\nn: ~\ns: '5'\nbig: 12345678901234567890");

        Assert.Equal(8L, Values.Get(value, "i"));
        Assert.Equal(31L, Values.Get(value, "h"));
        Assert.Equal(1.5, Values.Get(value, "f"));
        Assert.Equal(true, Values.Get(value, "t"));
        Assert.Equal("yes", Values.Get(value, "y"));
        Assert.Null(Values.Get(value, "n"));
        Assert.Equal("5", Values.Get(value, "s"));
        Assert.Equal("12345678901234567000", JsValues.ToJsString(Values.Get(value, "big")));
    }
}
