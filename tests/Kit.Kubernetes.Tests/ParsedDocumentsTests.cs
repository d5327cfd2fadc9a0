using Kit.Contracts;
using Kit.Kubernetes.Manifests;

namespace Kit.Kubernetes.Tests;

public sealed class ParsedDocumentsTests
{
    const string Text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\ndata:\n  a: '1'\n";

    [Fact]
    public void The_same_text_parsed_twice_shares_its_objects_and_each_set_says_where_they_came_from()
    {
        var first = ManifestParser.Parse([new RenderedManifest { FileName = "a.yaml", Content = Text }]);
        var second = ManifestParser.Parse([new RenderedManifest { FileName = "b.yaml", Content = Text }]);

        Assert.Same(first[0].Body, second[0].Body);
        Assert.Equal(("a.yaml", 1), (first[0].File, first[0].Line));
        Assert.Equal(("b.yaml", 1), (second[0].File, second[0].Line));
        Assert.Equal("1", second[0].Body["data"]!["a"]!.GetValue<string>());
    }

    [Fact]
    public void A_text_that_does_not_parse_fails_every_time()
    {
        RenderedManifest bad = new() { FileName = "bad.yaml", Content = "kind: [unclosed\n" };

        Assert.Throws<ManifestException>(() => ManifestParser.Parse([bad]));
        Assert.Throws<ManifestException>(() => ManifestParser.Parse([bad]));
    }
}
