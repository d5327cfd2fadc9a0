using Kit.Contracts;
using Kit.Kubernetes.Manifests;

namespace Kit.Kubernetes.Tests;

public sealed class ParsedDocumentsTests
{
    const string Text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n  a: '1'\n";

    [Fact]
    public void The_same_text_parsed_twice_gives_objects_of_their_own()
    {
        var first = ManifestParser.Parse([new RenderedManifest { FileName = "a.yaml", Content = Text }]);
        first[0].Body["data"]!["a"] = "changed by a deployment";
        first[0].Metadata["labels"] = new System.Text.Json.Nodes.JsonObject { ["x"] = "y" };

        var second = ManifestParser.Parse([new RenderedManifest { FileName = "b.yaml", Content = Text }]);

        Assert.Equal("1", second[0].Body["data"]!["a"]!.GetValue<string>());
        Assert.Null(second[0].Metadata["labels"]);
        Assert.Equal("b.yaml", second[0].File);
        Assert.Equal(1, second[0].Line);
    }

    [Fact]
    public void A_text_that_does_not_parse_fails_every_time()
    {
        RenderedManifest bad = new() { FileName = "bad.yaml", Content = "kind: [unclosed\n" };

        Assert.Throws<ManifestException>(() => ManifestParser.Parse([bad]));
        Assert.Throws<ManifestException>(() => ManifestParser.Parse([bad]));
    }
}
