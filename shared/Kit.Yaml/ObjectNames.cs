using System.Text.RegularExpressions;

namespace Kit.Yaml;

/// <summary>
/// The metadata.name rules kube-apiserver enforces, so that a name a cluster would refuse fails the render:
/// Services are DNS-1035 labels, Namespaces DNS-1123 labels, RBAC objects path segments, every other kind a
/// DNS-1123 subdomain. The renderer and the deployer both check names here.
/// </summary>
public static partial class ObjectNames
{
    /// <summary>Why <paramref name="name"/> is not a valid name for a <paramref name="kind"/>, or null when it is.</summary>
    public static string? Problem(string kind, string name) => kind switch
    {
        "Service" when name.Length > 63 || !Dns1035Label().IsMatch(name) =>
            $"Service name '{name}' is not a DNS-1035 label (at most 63 lowercase letters, digits and '-', starting with a letter and ending with a letter or digit)",
        "Service" => null,
        "Namespace" when name.Length > 63 || !Dns1123Label().IsMatch(name) =>
            $"Namespace name '{name}' is not a DNS-1123 label (at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit)",
        "Namespace" => null,
        "Role" or "ClusterRole" or "RoleBinding" or "ClusterRoleBinding" => name is "." or ".." || name.Contains('/') || name.Contains('%')
            ? $"{kind} name '{name}' may not be '.' or '..' nor contain '/' or '%'"
            : null,
        _ when !IsDns1123Subdomain(name) =>
            $"{kind} name '{name}' is not a DNS-1123 subdomain (at most 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit)",
        _ => null,
    };

    /// <summary>A DNS-1123 subdomain: what most kinds accept as a name, and what is safe as a folder name.</summary>
    public static bool IsDns1123Subdomain(string name) => name.Length <= 253 && Dns1123Subdomain().IsMatch(name);

    [GeneratedRegex("^[a-z]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1035Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Dns1123Subdomain();
}
