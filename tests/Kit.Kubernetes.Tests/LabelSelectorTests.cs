using Kit.Kubernetes.Manifests;

namespace Kit.Kubernetes.Tests;

public sealed class LabelSelectorTests
{
    static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front", ["env"] = "prod" };

    [Theory]
    [InlineData("app=web", true)]
    [InlineData("app==web", true)]
    [InlineData("app=api", false)]
    [InlineData("app!=api", true)]
    [InlineData("app!=web", false)]
    [InlineData("tier in (front,back)", true)]
    [InlineData("tier in (back)", false)]
    [InlineData("tier notin (back)", true)]
    [InlineData("env", true)]
    [InlineData("missing", false)]
    [InlineData("!missing", true)]
    [InlineData("!app", false)]
    [InlineData("app=web,tier in (front, back),!missing", true)]
    [InlineData("app=web,env=dev", false)]
    public void Requirements_match_like_the_api_server(string selector, bool matches)
    {
        Assert.Equal(matches, LabelSelector.Parse(selector).Matches(Labels));
    }

    [Theory]
    [InlineData("")]
    [InlineData("app=web,")]
    [InlineData("app=we b")]
    [InlineData("-bad=x")]
    public void Malformed_selectors_are_rejected(string selector)
    {
        Assert.Throws<FormatException>(() => LabelSelector.Parse(selector));
    }

    [Fact]
    public void Canonical_text_round_trips()
    {
        var selector = LabelSelector.Parse("app==web, tier in (front,back),!old");
        Assert.Equal("app=web,tier in (front,back),!old", selector.ToString());
        Assert.Equal(selector.ToString(), LabelSelector.Parse(selector.ToString()).ToString());
    }

    [Fact]
    public void A_workload_selector_becomes_a_query()
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse("""
            {"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["front"]},{"key":"old","operator":"DoesNotExist"}]}
            """);
        Assert.Equal("app=web,tier in (front),!old", LabelSelector.FromJson(json)!.ToString());
    }
}
