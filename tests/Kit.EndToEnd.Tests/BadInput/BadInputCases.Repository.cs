using static Kit.EndToEnd.Tests.BadInput.BadInputCase;
using static Kit.EndToEnd.Tests.BadInput.BadInputWorld;

namespace Kit.EndToEnd.Tests.BadInput;

/// <summary>Bad content in the deployments repository: every cluster (or the clusters it concerns) fails to render.</summary>
static partial class BadInputCases
{
    const string Template = "resources/hello/hello-deployment.sbn";

    static Dictionary<string, byte[]?> Files(params (string Path, string Text)[] files) =>
        files.ToDictionary(f => f.Path, f => (byte[]?)Text(f.Text));

    /// <summary>The sample's resources plus one more, <c>extra</c>, rendered from <c>resources/extra/extra.yaml</c> (or the file named).</summary>
    static Dictionary<string, byte[]?> Extra(string text) => Extra(Text(text));

    static Dictionary<string, byte[]?> Extra(byte[] content) => new()
    {
        ["base-cluster.yaml"] = Text(Sample("base-cluster.yaml") + "  extra:\n    kind: configmap\n    file: ./extra/extra.yaml\n"),
        ["resources/extra/extra.yaml"] = content,
    };

    static string ConfigMap(string name, string data = "  key: value\n") => $"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\ndata:\n{data}";

    static byte[] InvalidUtf8(string before, string after) => [.. Text(before), 0xC3, 0x28, .. Text(after)];

    static IEnumerable<BadInputCase> Repository()
    {
        yield return new("Malformed YAML in base-var.yaml")
        {
            Commit = Files(("base-var.yaml", Sample("base-var.yaml") + "\nbroken: [unclosed\n")),
            Names = "base-var.yaml:",
        };
        yield return new("Malformed YAML in a cluster.yaml")
        {
            Commit = Files(("clusters/dev-1/cluster.yaml", "kind: ClusterNamespace\nmetadata:\n  name: dev-1\n   type: dev\n")),
            Names = "clusters/dev-1/cluster.yaml:",
            Healthy = ["prod-1", "staging-1"],
        };
        yield return new("Malformed YAML in kit.yaml")
        {
            Commit = Files(("kit.yaml", "version: '2'\nimages: {path: images\n")),
            Names = "kit.yaml:",
        };
        yield return new("Malformed YAML in an images file")
        {
            Commit = Files(("images/hello/main.yaml", "image: [registry.example.com/team/hello:3.0.0\n")),
            Names = "images/hello/main.yaml:",
        };
        yield return new("Malformed YAML in base-cluster.yaml")
        {
            Commit = Files(("base-cluster.yaml", Sample("base-cluster.yaml") + "\n  - : :\n")),
            Names = "base-cluster.yaml:",
        };
        yield return new("A Scriban syntax error")
        {
            Commit = Files((Template, Sample("resources/hello/hello-deployment.sbn").Replace("{{ name }}", "{{ for x in }}", StringComparison.Ordinal))),
            Names = "hello-deployment.sbn:",
        };
        yield return new("A Mustache section left open")
        {
            Commit = Files(("resources/base-svc.mustache", Sample("resources/base-svc.mustache") + "{{#svc}}\n")),
            Names = "base-svc.mustache:",
        };
        yield return new("A template that renders YAML that does not parse")
        {
            Commit = Files((Template, Sample("resources/hello/hello-deployment.sbn") + "\n  broken: [unclosed\n")),
            Names = "hello-deployment.sbn",
        };
        yield return new("A YAML alias bomb in base-var.yaml")
        {
            Commit = Files(("base-var.yaml", Sample("base-var.yaml") + "\n" + AliasBomb())),
            Names = "base-var.yaml",
            Says = "alias",
        };
        yield return new("A template path that leaves the repository")
        {
            Commit = Files(("base-cluster.yaml", Sample("base-cluster.yaml").Replace("./hello/hello-deployment.sbn", "../../../../etc/passwd.mustache", StringComparison.Ordinal))),
            Names = "base-cluster.yaml",
            Says = "leaves the repository",
        };
        yield return new("A variables file over 2 MiB")
        {
            Commit = Files(("base-var.yaml", Sample("base-var.yaml") + "\npadding: \"" + new string('x', 3 << 20) + "\"\n")),
            Names = "base-var.yaml",
            Says = "2 MiB",
        };
        yield return new("A template that names a missing file")
        {
            Commit = Files(("base-cluster.yaml", Sample("base-cluster.yaml").Replace("./hello/hello-deployment.sbn", "./hello/nowhere.sbn", StringComparison.Ordinal))),
            Names = "nowhere.sbn",
        };
        yield return new("A cluster name that is not DNS-1123")
        {
            Commit = Files(("clusters/dev-1/cluster.yaml", Sample("clusters/dev-1/cluster.yaml").Replace("name: dev-1", "name: Dev_1", StringComparison.Ordinal))),
            Names = "Dev_1",
            Healthy = ["prod-1", "staging-1"],
        };
        yield return new("An invalid image reference in an images file")
        {
            Commit = Files(("images/hello/main.yaml", "image: registry.example.com/team/hello:bad tag!\n")),
            Names = "images/hello/main.yaml",
        };
    }

    static IEnumerable<BadInputCase> Encoding()
    {
        yield return new("Invalid UTF-8 in base-var.yaml")
        {
            Commit = new Dictionary<string, byte[]?> { ["base-var.yaml"] = InvalidUtf8(Sample("base-var.yaml"), "greeting: caf\n") },
            Names = "base-var.yaml:",
            Says = "UTF-8",
        };
        yield return new("Invalid UTF-8 in a template")
        {
            Commit = new Dictionary<string, byte[]?> { [Template] = InvalidUtf8(Sample("resources/hello/hello-deployment.sbn") + "# caf", "\n") },
            Names = "hello-deployment.sbn:",
            Says = "UTF-8",
        };
        yield return new("Invalid UTF-8 in one cluster.yaml")
        {
            Commit = new Dictionary<string, byte[]?> { ["clusters/dev-1/cluster.yaml"] = InvalidUtf8(Sample("clusters/dev-1/cluster.yaml") + "# caf", "\n") },
            Names = "clusters/dev-1/cluster.yaml:",
            Says = "UTF-8",
            Healthy = ["prod-1", "staging-1"],
        };
        yield return new("Invalid UTF-8 in an images file")
        {
            Commit = new Dictionary<string, byte[]?> { ["images/hello/main.yaml"] = InvalidUtf8("# caf", "\nimage: registry.example.com/team/hello:3.0.0\n") },
            Names = "images/hello/main.yaml:",
            Says = "UTF-8",
        };
        yield return new("Invalid UTF-8 in kit.yaml")
        {
            Commit = new Dictionary<string, byte[]?> { ["kit.yaml"] = InvalidUtf8(Sample("kit.yaml") + "# caf", "\n") },
            Names = "kit.yaml:",
            Says = "UTF-8",
        };
        yield return new("Invalid UTF-8 in a plain manifest")
        {
            Commit = Extra(InvalidUtf8(ConfigMap("accented", "  key: caf"), "\n")),
            Names = "extra.yaml:",
            Says = "UTF-8",
        };
    }

    static IEnumerable<BadInputCase> Limits()
    {
        yield return new("40,000 nested brackets in a rendered ConfigMap")
        {
            Commit = Extra(ConfigMap("deep", "  key: " + new string('[', 40_000) + "\n")),
            Names = "extra.yaml",
        };
        yield return new("10,000 nested mappings in base-var.yaml")
        {
            Commit = Files(("base-var.yaml", Sample("base-var.yaml") + string.Concat(Enumerable.Range(0, 10_000).Select(i => new string(' ', i) + "a:\n")))),
            Names = "base-var.yaml",
        };
        yield return new("A template whose output passes Kit__Rendering__MaxOutputBytes")
        {
            Commit = Files((Template, Sample("resources/hello/hello-deployment.sbn") + "{{ for i in 1..20000 }}# padding padding padding padding padding padding padding\n{{ end }}")),
            Environment = new Dictionary<string, string> { ["Kit__Rendering__MaxOutputBytes"] = "65536" },
            Names = "hello-deployment.sbn",
            Says = "Kit__Rendering__MaxOutputBytes",
        };
        yield return new("A catastrophic regular expression in a template")
        {
            Commit = Files((Template, Sample("resources/hello/hello-deployment.sbn") + "# {{ \"" + new string('a', 40) + "!\" | regex.match `^(a+)+$` }}\n")),
            Names = "hello-deployment.sbn",
            Says = "regular expression",
        };
        yield return new("A render that passes Kit__Rendering__TimeoutSeconds")
        {
            // Sections nested six deep over 200 items: 200^6 steps that print nothing.
            Commit = new Dictionary<string, byte[]?>
            {
                ["base-cluster.yaml"] = Text(Sample("base-cluster.yaml") + "  spin:\n    kind: configmap\n    file: ./spin/spin.mustache\n"),
                ["base-var.yaml"] = Text(Sample("base-var.yaml") + "l: [" + string.Join(", ", Enumerable.Range(0, 200)) + "]\n"),
                ["resources/spin/spin.mustache"] = Text("{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{#l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}{{/l}}\n"),
            },
            Environment = new Dictionary<string, string> { ["Kit__Rendering__TimeoutSeconds"] = "2" },
            Names = "spin.mustache",
            Says = "Kit__Rendering__TimeoutSeconds",
        };
        yield return new("A malformed type/dev-var.yaml fails only the dev clusters")
        {
            Commit = Files(("type/dev-var.yaml", Sample("type/dev-var.yaml") + "broken: [unclosed\n")),
            Names = "type/dev-var.yaml:",
            Healthy = ["prod-1", "staging-1"],
        };
        yield return new("Two cluster.yaml files naming one cluster")
        {
            Commit = Files(("clusters/dev-1-copy/cluster.yaml", Sample("clusters/dev-1/cluster.yaml"))),
            Names = "clusters/dev-1-copy/cluster.yaml",
            Healthy = ["prod-1", "staging-1"],
        };
    }

    static IEnumerable<BadInputCase> Manifests()
    {
        yield return new("A duplicated key in a rendered manifest")
        {
            Commit = Extra(ConfigMap("twice", "  key: one\n  key: two\n")),
            Names = "extra.yaml",
            Says = "key",
        };
        yield return new("A YAML anchor and alias in a rendered manifest")
        {
            Commit = Extra("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: &n aliased\n  labels: {copy: *n}\ndata:\n  key: value\n"),
            Names = "extra.yaml",
            Says = "anchor",
        };
        yield return new("An object name that is not DNS-1123")
        {
            Commit = Extra(ConfigMap("Not_A_Name")),
            Names = "Not_A_Name",
        };
        yield return new("A manifest without a kind")
        {
            Commit = Extra("apiVersion: v1\nmetadata:\n  name: kindless\n"),
            Names = "extra.yaml",
            Says = "kind",
        };
        yield return new("Two objects of one name in a cluster's set")
        {
            Commit = Extra(ConfigMap("hello") + "---\n" + ConfigMap("hello")),
            Names = "hello",
        };
        yield return new("A kind the cluster does not serve")
        {
            Commit = Extra("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: gadget\n"),
            Names = "Widget",
        };
        yield return new("A namespace that does not exist")
        {
            Commit = Extra("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lost\n  namespace: nowhere\ndata:\n  key: value\n"),
            Names = "nowhere",
        };
        yield return new("A change to an immutable field")
        {
            Commit = Files((Template, Sample("resources/hello/hello-deployment.sbn")
                .Replace("    matchLabels:\n      app: {{ name }}", "    matchLabels:\n      app: {{ name }}\n      tier: web", StringComparison.Ordinal)
                .Replace("      labels:\n        app: {{ name }}\n    spec:", "      labels:\n        app: {{ name }}\n        tier: web\n    spec:", StringComparison.Ordinal))),
            Names = "hello",
            Says = "immutable",
        };
    }

    static string AliasBomb()
    {
        var text = new System.Text.StringBuilder("bomb0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append($"bomb{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]\n");
        }

        return text.ToString();
    }
}
