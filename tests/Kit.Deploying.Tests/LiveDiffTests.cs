using System.Text.Json.Nodes;

namespace Kit.Deploying.Tests;

/// <summary>What a diff shows: the fields that differ, never a secret (Secret data, external env values).</summary>
public sealed class LiveDiffTests
{
    static readonly string[] External = ["API_TOKEN"];

    static JsonNode Deployment(string env, string? args = null) => JsonNode.Parse(
        """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"template":{"spec":{"containers":[{"name":"web","image":"web:1","""
        + (args is null ? "" : "\"args\":" + args + ",")
        + "\"env\":" + env + "}]}}}}")!;

    [Fact]
    public void A_changed_external_env_value_is_redacted_on_both_sides()
    {
        var desired = Deployment("""[{"name":"GREETING","value":"hi"},{"name":"API_TOKEN","value":"new-s3cret"}]""");
        var live = Deployment("""[{"name":"GREETING","value":"hello"},{"name":"API_TOKEN","value":"old-s3cret"}]""");

        var diff = LiveDiff.Compare(desired, live, External);

        Assert.Equal(2, diff.Count);
        Assert.Contains("""spec.template.spec.containers[0].env[0].value: "hello" -> "hi" """.TrimEnd(), diff);
        Assert.Contains($"spec.template.spec.containers[0].env[1].value: {LiveDiff.Redacted} -> {LiveDiff.Redacted}", diff);
        Assert.DoesNotContain(diff, d => d.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void An_old_external_value_at_another_position_is_redacted_too()
    {
        var desired = Deployment("""[{"name":"API_TOKEN","value":"new-s3cret"},{"name":"GREETING","value":"hi"}]""");
        var live = Deployment("""[{"name":"GREETING","value":"hi"},{"name":"API_TOKEN","value":"old-s3cret"}]""");

        var diff = LiveDiff.Compare(desired, live, External);

        Assert.NotEmpty(diff);
        Assert.DoesNotContain(diff, d => d.Contains("s3cret", StringComparison.Ordinal));
    }

    [Fact]
    public void A_changed_env_list_shown_whole_hides_the_external_values()
    {
        var desired = Deployment("""[{"name":"GREETING","value":"hi"},{"name":"API_TOKEN","value":"new-s3cret"}]""");
        var live = Deployment("""[{"name":"API_TOKEN","value":"old-s3cret"}]""");

        var diff = Assert.Single(LiveDiff.Compare(desired, live, External));

        Assert.StartsWith("spec.template.spec.containers[0].env: ", diff);
        Assert.Contains("GREETING", diff);
        Assert.DoesNotContain("s3cret", diff);
    }

    [Fact]
    public void An_external_value_used_elsewhere_in_the_object_is_redacted()
    {
        var desired = Deployment("""[{"name":"API_TOKEN","value":"new-s3cret"}]""", """["--token=new-s3cret"]""");
        var live = Deployment("""[{"name":"API_TOKEN","value":"new-s3cret"}]""", """["--token=none"]""");

        var diff = Assert.Single(LiveDiff.Compare(desired, live, External));

        Assert.Equal($"spec.template.spec.containers[0].args[0]: {LiveDiff.Redacted} -> {LiveDiff.Redacted}", diff);
    }

    [Fact]
    public void Without_external_env_values_are_shown()
    {
        var desired = Deployment("""[{"name":"API_TOKEN","value":"b"}]""");
        var live = Deployment("""[{"name":"API_TOKEN","value":"a"}]""");

        Assert.Equal(["""spec.template.spec.containers[0].env[0].value: "a" -> "b" """.TrimEnd()], LiveDiff.Compare(desired, live));
    }
}
