using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kit.KubeSim;

/// <summary>The validation kube-apiserver does that kit's tests rely on: names, workload selectors and immutable fields.</summary>
static partial class Validation
{
    const string SubdomainHelp = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const string LabelHelp = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    const string Dns1035Help = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    public static void Name(ResourceType type, string name)
    {
        // Services are DNS-1035 labels (they become DNS names), namespaces RFC 1123 labels, most others subdomains.
        var (valid, help) = type.Plural switch
        {
            "services" when type.Group.Length == 0 => (Dns1035Pattern().IsMatch(name) && name.Length <= 63, Dns1035Help),
            "namespaces" when type.Group.Length == 0 => (LabelPattern().IsMatch(name) && name.Length <= 63, LabelHelp),
            _ => (SubdomainPattern().IsMatch(name) && name.Length <= 253, SubdomainHelp),
        };
        if (!valid)
        {
            throw ApiException.Invalid(type, name, "metadata.name", $"Invalid value: \"{name}\": {help}");
        }
    }

    /// <summary>Fields an update may not change, as kube-apiserver refuses them (a dry-run included).</summary>
    public static void Update(ResourceType type, string name, JsonObject live, JsonObject candidate)
    {
        if (UpdateRules.Check(type, live, candidate) is { Count: > 0 } errors)
        {
            throw ApiException.Invalid(type, name, errors);
        }
    }

    public static void Object(ResourceType type, string name, JsonObject obj)
    {
        if (type.Group != "apps" || type.Plural == "controllerrevisions")
        {
            return;
        }

        var spec = obj["spec"] as JsonObject;
        var selector = spec?["selector"] as JsonObject;
        if (selector is null)
        {
            throw ApiException.Invalid(type, name, "spec.selector", "Required value");
        }

        var labels = spec!["template"]?["metadata"]?["labels"] as JsonObject;
        foreach (var (key, value) in selector["matchLabels"] as JsonObject ?? [])
        {
            if (Json.Str(labels, key) != value?.ToString())
            {
                var shown = labels is null ? "map[string]string(nil)" : "map[string]string{" + string.Join(", ", labels.Select(l => $"\"{l.Key}\":\"{l.Value}\"")) + "}";
                throw ApiException.Invalid(type, name, "spec.template.metadata.labels", $"Invalid value: {shown}: `selector` does not match template `labels`");
            }
        }

        if (spec["template"]?["spec"]?["containers"] is not JsonArray { Count: > 0 })
        {
            throw ApiException.Invalid(type, name, "spec.template.spec.containers", "Required value");
        }
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex SubdomainPattern();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex LabelPattern();

    [GeneratedRegex(@"^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Pattern();
}
