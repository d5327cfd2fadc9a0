using Kit.Contracts;
using Kit.Kubernetes.Manifests;

namespace Kit.Kubernetes.Tests;

public sealed class ManifestTests
{
    static RenderedManifest File(string name, string content) => new() { FileName = name, Content = content };

    [Fact]
    public void Scalars_keep_their_yaml_types()
    {
        var objects = ManifestParser.Parse([File("a.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: web
            spec:
              replicas: 3
              paused: false
              template:
                metadata:
                  annotations:
                    version: "3"
                    ratio: 0.5
                    empty:
            """)]);
        var body = Assert.Single(objects).Body;
        Assert.Equal(3, body["spec"]!["replicas"]!.GetValue<long>());
        Assert.False(body["spec"]!["paused"]!.GetValue<bool>());
        Assert.Equal("3", body["spec"]!["template"]!["metadata"]!["annotations"]!["version"]!.GetValue<string>());
        Assert.Equal(0.5, body["spec"]!["template"]!["metadata"]!["annotations"]!["ratio"]!.GetValue<double>());
        Assert.Null(body["spec"]!["template"]!["metadata"]!["annotations"]!["empty"]);
    }

    [Fact]
    public void Several_documents_and_lists_become_objects()
    {
        var objects = ManifestParser.Parse([File("all.yaml", """
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: a}
            ---
            ---
            apiVersion: v1
            kind: List
            items:
            - {apiVersion: v1, kind: Secret, metadata: {name: b}}
            - {apiVersion: v1, kind: Service, metadata: {name: c}}
            """)]);
        Assert.Equal(["ConfigMap a", "Secret b", "Service c"], objects.Select(o => o.Display));
    }

    [Theory]
    [InlineData("kind: ConfigMap\nmetadata: {name: a}", "apiVersion is missing")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}", "not a valid Kubernetes name")]
    [InlineData("apiVersion: v1\nkind: Service\nmetadata: {name: 9web}", "Service name '9web' is not a valid Kubernetes name")]
    [InlineData("apiVersion: v1\nkind: Namespace\nmetadata: {name: team.one}", "Namespace name 'team.one' is not a valid Kubernetes name")]
    [InlineData("apiVersion: v1\nkind: ConfigMap", "has no metadata")]
    [InlineData("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n  bad: [", "bad.yaml:")]
    [InlineData("- a\n- b", "must be a mapping")]
    public void Bad_manifests_name_the_file_and_the_problem(string content, string expected)
    {
        var error = Assert.Throws<ManifestException>(() => ManifestParser.Parse([File("bad.yaml", content)]));
        Assert.Contains("bad.yaml:", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void An_object_defined_twice_is_rejected()
    {
        var error = Assert.Throws<ManifestException>(() => ManifestParser.Parse([
            File("a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}"),
            File("b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}")]));
        Assert.Contains("b.yaml:", error.Message);
        Assert.Contains("also defined at a.yaml", error.Message);
    }

    [Fact]
    public void An_alias_bomb_is_refused_not_expanded()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 9; i++)
        {
            lines.Add($"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]");
        }

        var error = Assert.Throws<ManifestException>(() => ManifestParser.Parse([File("bomb.yaml", string.Join('\n', lines))]));
        Assert.Contains("alias bomb", error.Message);
    }

    [Fact]
    public void A_bad_dependency_selector_is_rejected_before_anything_is_applied()
    {
        var error = Assert.Throws<ManifestException>(() => ManifestParser.Parse([File("job.yaml", """
            apiVersion: batch/v1
            kind: Job
            metadata:
              name: migrate
              annotations:
                kit-deployer/dependency-selector: "app in (db"
            """)]));
        Assert.Contains("kit-deployer/dependency-selector", error.Message);
    }

    [Fact]
    public void Forty_thousand_nested_brackets_are_an_error_naming_file_line_and_limit()
    {
        var deep = new string('[', 40_000) + new string(']', 40_000);

        var error = Assert.Throws<ManifestException>(() => ManifestParser.Parse([File("deep.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: a}}\ndata:\n  x: {deep}\n")]));

        Assert.StartsWith("deep.yaml:5: ", error.Message);
        Assert.Contains("deeper than 100 levels", error.Message);
    }

    [Fact]
    public void Nesting_below_the_limit_is_read()
    {
        var deep = new string('[', 90) + "1" + new string(']', 90);

        var item = Assert.Single(ManifestParser.Parse([File("deep.yaml", $"apiVersion: v1\nkind: ConfigMap\nmetadata: {{name: a}}\ndata:\n  x: {deep}\n")]));

        var node = item.Body["data"]!["x"];
        for (var i = 0; i < 90; i++)
        {
            node = node![0];
        }

        Assert.Equal(1, node!.GetValue<long>());
    }
}
