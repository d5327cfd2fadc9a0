using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kit.KubeSim;

/// <summary>The validation kube-apiserver does that kit's tests rely on: names and workload selectors.</summary>
static partial class Validation
{
    const string SubdomainHelp = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
    const string LabelHelp = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public static void Name(ResourceType type, string name)
    {
        var labelOnly = type.Plural is "namespaces" or "services";
        if (labelOnly ? !LabelPattern().IsMatch(name) || name.Length > 63 : !SubdomainPattern().IsMatch(name) || name.Length > 253)
        {
            throw ApiException.Invalid(type, name, "metadata.name", $"Invalid value: \"{name}\": {(labelOnly ? LabelHelp : SubdomainHelp)}");
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
}
